import type { Clock } from '../../core/shared/clock.ts';
import type { CarrierAdapter, CarrierEvent, LabelRequest } from '../../core/logistics/index.ts';

/**
 * A deterministic carrier for the demo and tests: a parcel is in transit one step after its
 * label was made and delivered after two (steps of `stepMs`, default one minute). The tracking
 * number carries the label time, so any process can answer `track` the same way.
 */
export class SimulatedCarrier implements CarrierAdapter {
  private readonly clock: Clock;
  private readonly stepMs: number;
  private sequence = 0;
  /** Reattempts asked of this carrier, in order (the simulation keeps them; a real carrier schedules a driver). */
  readonly reattempts: Array<{ trackingNumber: string; date: string; address?: LabelRequest['address'] }> = [];

  constructor(clock: Clock, stepMs = 60_000) {
    this.clock = clock;
    this.stepMs = stepMs;
  }

  async createLabel(request: LabelRequest): Promise<{ trackingNumber: string; label: Record<string, unknown> }> {
    this.sequence += 1;
    const trackingNumber = `SIM${this.clock.now().getTime().toString(36).toUpperCase()}${String(this.sequence).padStart(4, '0')}${process.pid % 100}`;
    return {
      trackingNumber,
      label: { format: 'simulated', service: request.serviceCode, routingCode: request.address.city.slice(0, 3).toUpperCase(), weightGrams: request.weightGrams, codMinor: request.cashOnDeliveryMinor },
    };
  }

  async reattempt(trackingNumber: string, date: string, address?: LabelRequest['address']): Promise<void> {
    this.reattempts.push({ trackingNumber, date, ...(address && { address }) });
  }

  async track(trackingNumber: string): Promise<CarrierEvent[]> {
    const created = Number.parseInt(trackingNumber.slice(3, -6), 36);
    if (!trackingNumber.startsWith('SIM') || !Number.isFinite(created)) return [];
    const steps = Math.floor((this.clock.now().getTime() - created) / this.stepMs);
    const events: CarrierEvent[] = [];
    if (steps >= 1) events.push({ id: `${trackingNumber}-1`, trackingNumber, status: 'in_transit', description: 'Departed the sorting centre', occurredAt: new Date(created + this.stepMs) });
    if (steps >= 2) events.push({ id: `${trackingNumber}-2`, trackingNumber, status: 'delivered', description: 'Delivered', occurredAt: new Date(created + 2 * this.stepMs) });
    return events;
  }
}
