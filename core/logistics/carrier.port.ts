import type { ShipmentStatus } from './carrier.entity.ts';

/** A tracking event as a carrier reports it. */
export interface CarrierEvent {
  /** The carrier's id for the event: the same id twice is applied once. */
  id: string;
  trackingNumber: string;
  status: Exclude<ShipmentStatus, 'label_created'>;
  description?: string | undefined;
  occurredAt: Date;
}

/** What a carrier needs to make a label. */
export interface LabelRequest {
  orderNumber: string;
  serviceCode: string;
  weightGrams: number;
  cashOnDeliveryMinor: number | null;
  address: { line1: string; city: string; postalCode?: string | undefined; country: string };
}

/**
 * A carrier's API, as the core needs it. Implemented per carrier (the simulated carrier for the
 * demo and tests); `main.ts` plugs them in by carrier code.
 */
export interface CarrierAdapter {
  /** Books the parcel: a tracking number and the label data. */
  createLabel(request: LabelRequest): Promise<{ trackingNumber: string; label: Record<string, unknown> }>;
  /** Events of a parcel so far (the tracking job drops those it has seen). */
  track(trackingNumber: string): Promise<CarrierEvent[]>;
}
