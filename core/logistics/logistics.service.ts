import type { ServiceContext } from '../shared/service-context.ts';
import type { Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { AppError } from '../shared/errors.ts';
import type { CarrierAdapter, CarrierEvent } from './carrier.port.ts';
import { applyCarrierEvent, carrierByCode, openShipments, planShipment, recordShipment, shipmentsOf, type ShipmentView } from './shipment.service.ts';
import { saveCarrier, type CarrierSetup } from './carrier-setup.ts';
import { validCarrierSignature } from './carrier-signature.ts';

/** What a batch of tracking events did. */
export interface TrackingResult {
  applied: number;
  duplicates: number;
  unknown: number;
}

/** Carriers, shipments and tracking. */
export interface LogisticsService {
  /**
   * Ships a packed order: picks the carrier service, books the label with the carrier (no
   * transaction is open during that call), then records the shipment and moves the order.
   */
  shipOrder(orderNumber: string, actor: Actor): Promise<ShipmentView>;
  shipmentsOf(orderNumber: string, actor: Actor): Promise<ShipmentView[]>;
  /** Creates or replaces a carrier and its services (an administrator's job: `carrier.admin`). */
  saveCarrier(setup: CarrierSetup, actor: Actor): Promise<{ code: string; name: string; onTimeRate: number }>;
  /**
   * Checks a carrier webhook's signature of the raw body with that carrier's secret; returns the
   * carrier code, or throws `not_found` / `unauthenticated` (nothing is applied then).
   */
  verifyWebhook(carrierCode: string, rawBody: string, signature: string | undefined): Promise<string>;
  /** Applies tracking events of one carrier, each once, each in its own transaction. */
  applyCarrierEvents(carrierCode: string, events: CarrierEvent[]): Promise<TrackingResult>;
  /** Polls every carrier with an adapter about its open shipments (the tracking job). */
  pollCarriers(): Promise<{ shipments: number; applied: number }>;
}

export function createLogisticsService({ uow, clock, config }: ServiceContext, carriers: ReadonlyMap<string, CarrierAdapter>): LogisticsService {
  const applyEvents = async (carrierCode: string, events: CarrierEvent[]): Promise<TrackingResult> => {
    const result: TrackingResult = { applied: 0, duplicates: 0, unknown: 0 };
    for (const event of [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())) {
      const outcome = await uow.write((tx) => applyCarrierEvent(tx, carrierCode, event));
      if (outcome === 'applied') result.applied += 1;
      else if (outcome === 'duplicate') result.duplicates += 1;
      else result.unknown += 1;
    }
    return result;
  };
  return {
    shipOrder: async (orderNumber, actor) => {
      authorize(actor, 'shipment.create');
      const plan = await uow.read((em) => planShipment(em, { orderNumber, carrierCodes: new Set(carriers.keys()), timeZone: config.REPORT_TIMEZONE, now: clock.now() }));
      const booked = await carriers.get(plan.service.carrier.code)!.createLabel(plan.label);
      return uow.write((tx) => recordShipment(tx, plan, booked, actor));
    },
    shipmentsOf: async (orderNumber, actor) => {
      authorize(actor, 'lookup');
      return uow.read((em) => shipmentsOf(em, orderNumber));
    },
    saveCarrier: async (setup, actor) => {
      authorize(actor, 'carrier.admin');
      return uow.write(async (tx) => {
        const carrier = await saveCarrier(tx, setup);
        return { code: carrier.code, name: carrier.name, onTimeRate: Number(carrier.onTimeRate) };
      });
    },
    verifyWebhook: async (carrierCode, rawBody, signature) => {
      const carrier = await uow.read((em) => carrierByCode(em, carrierCode));
      if (!carrier) throw new AppError('not_found', `No carrier ${carrierCode}`);
      if (!validCarrierSignature(carrier.webhookSecret, rawBody, signature)) throw new AppError('unauthenticated', 'Missing or wrong carrier signature');
      return carrier.code;
    },
    applyCarrierEvents: applyEvents,
    pollCarriers: async () => {
      const shipments = await uow.read(openShipments);
      let applied = 0;
      for (const [carrier, adapter] of carriers) {
        const events = (await Promise.all(shipments.filter((each) => each.carrier === carrier).map((each) => adapter.track(each.trackingNumber)))).flat();
        applied += (await applyEvents(carrier, events)).applied;
      }
      return { shipments: shipments.length, applied };
    },
  };
}

