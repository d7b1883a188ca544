import { ownFleetLabels } from './own-fleet.ts';
import { planArrivals } from './fleet-plan.ts';
import { straightLines, type DistanceSource } from './distance.port.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { actorLabel, type Actor } from '../shared/actor.ts';
import type { OrderAddress } from '../orders/index.ts';
import { authorize } from '../shared/authorization.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { TrackingSignatureError, type CarrierAdapter, type CarrierEvent, type TrackingAggregator } from './carrier.port.ts';
import { carrierOfSlug, parcelsToRegister, registerParcels } from './aggregator.ts';
import { failedParcelOf, recordReattempt, returnToSender } from './failed-delivery.ts';
import { localDate, shiftDate } from '../shared/calendar.ts';
import { carrierByCode, planShipments, recordShipments, shipmentsOf, type ShipmentView } from './shipment.service.ts';
import { applyCarrierEvent, openShipments } from './tracking-events.ts';
import { saveCarrier, type CarrierSetup } from './carrier-setup.ts';
import { validCarrierSignature } from './carrier-signature.ts';
import { reaches } from '../shared/places.ts';

/** What a batch of tracking events did. */
export interface TrackingResult {
  applied: number;
  duplicates: number;
  unknown: number;
}

/** Carriers, shipments and tracking. */
export interface LogisticsService {
  /**
   * Ships a packed order: picks the carrier service among every configured carrier (or the one
   * named), books the label with its adapter (no transaction is open during that call), or, for a
   * carrier without one, takes the tracking number staff typed from the waybill; then records the
   * shipment, moves the order, and has the aggregator follow a manual carrier's parcel.
   */
  shipOrder(orderNumber: string, actor: Actor, handedOver?: { carrier?: string | undefined; trackingNumber?: string | undefined }): Promise<ShipmentView & { parcels: ShipmentView[] }>;
  shipmentsOf(orderNumber: string, actor: Actor): Promise<ShipmentView[]>;
  /**
   * Whether an active carrier service (the own fleet included) delivers to this address, by
   * city or region; true when no carrier is configured (nothing to check against). The chat
   * asks again before confirming, instead of the order being held as `address_unserved`.
   */
  deliversTo(address: OrderAddress): Promise<boolean>;
  /** Creates or replaces a carrier and its services (an administrator's job: `carrier.admin`). */
  saveCarrier(setup: CarrierSetup, actor: Actor): Promise<{ code: string; name: string; onTimeRate: number }>;
  /**
   * Checks a carrier webhook's signature of the raw body with that carrier's secret; returns the
   * carrier code, or throws `not_found` / `unauthenticated` (nothing is applied then).
   */
  verifyWebhook(carrierCode: string, rawBody: string, signature: string | undefined): Promise<string>;
  /** Applies tracking events of one carrier, each once, each in its own transaction. */
  applyCarrierEvents(carrierCode: string, events: CarrierEvent[]): Promise<TrackingResult>;
  /** Polls every carrier with an adapter about its open shipments, and registers parcels the aggregator does not follow yet (the tracking job). */
  pollCarriers(): Promise<{ shipments: number; applied: number; registered: number }>;
  /**
   * After a failed delivery: another attempt on `date` (YYYY-MM-DD, tomorrow to two weeks out, in
   * the business time zone), asked of the carrier; the order is `shipped` again. A customer may
   * ask for their own order.
   */
  requestReattempt(orderNumber: string, date: string, actor: Actor, address?: OrderAddress): Promise<{ orderNumber: string; date: string; attempt: number }>;
  /** Staff give up on delivering: the parcel comes back and its goods are received back through the ledger. */
  returnToSender(orderNumber: string, reason: string, actor: Actor): Promise<{ orderNumber: string; status: 'returned' }>;
  /** A tracking aggregator's webhook delivery: verified (401 otherwise, nothing applied), each update applied once. */
  applyTrackingWebhook(rawBody: string, signature: string | undefined): Promise<TrackingResult>;
}

export function createLogisticsService({ uow, clock, config }: ServiceContext, carriers: ReadonlyMap<string, CarrierAdapter>, aggregator: TrackingAggregator | null = null, distances: DistanceSource = straightLines): LogisticsService {
  const applyEvents = async (carrierCode: string, events: CarrierEvent[]): Promise<TrackingResult> => {
    const result: TrackingResult = { applied: 0, duplicates: 0, unknown: 0 };
    for (const event of [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())) {
      const outcome = await uow.write((tx) => applyCarrierEvent(tx, carrierCode, event, config.DELIVERY_ATTEMPTS));
      if (outcome === 'applied') result.applied += 1;
      else if (outcome === 'duplicate') result.duplicates += 1;
      else result.unknown += 1;
    }
    return result;
  };
  return {
    shipOrder: async (orderNumber, actor, handedOver = {}) => {
      authorize(actor, 'shipment.create');
      const plans = await uow.read((em) => planShipments(em, { orderNumber, carrier: handedOver.carrier, timeZone: config.REPORT_TIMEZONE, now: clock.now() }));
      const trackingNumber = handedOver.trackingNumber?.trim();
      const booked: Array<{ trackingNumber: string; label: Record<string, unknown> }> = [];
      for (const plan of plans) {
        const adapter = carriers.get(plan.service.carrier.code) ?? (plan.service.carrier.ownFleet ? ownFleetLabels : undefined);
        if (trackingNumber && plans.length === 1) {
          booked.push({ trackingNumber, label: { manual: true, enteredBy: actorLabel(actor) } });
        } else if (adapter) {
          booked.push(await adapter.createLabel(plan.label));
        } else {
          // One tracking number can only name one parcel: a split order ships with carriers that book labels.
          throw new AppError('rule_violation', `${plan.service.carrier.name} ${plan.service.name} has no label integration: hand the parcel over and give the tracking number from its waybill`, {
            carrier: plan.service.carrier.code, service: plan.service.code, trackingNumberRequired: true, parcels: plans.length,
          });
        }
      }
      // Staff named another carrier than the policy's: the override is audited with the policy's choice and reason.
      const policy = handedOver.carrier ? await uow.read((em) => planShipments(em, { orderNumber, timeZone: config.REPORT_TIMEZONE, now: clock.now() })).catch(() => null) : null;
      const [first, ...others] = await uow.write(async (tx) => {
        const shipped = await recordShipments(tx, plans, booked, actor);
        const overridden = policy?.find((plan) => plan.service.carrier.code !== handedOver.carrier);
        if (overridden) {
          audit(tx, actor, { entityType: 'order', entityId: orderNumber, action: 'shipment.carrier_override', before: { carrier: overridden.service.carrier.code, service: overridden.service.code, reason: overridden.choice.reason }, after: { carrier: handedOver.carrier } });
          await tx.flush();
        }
        return shipped;
      });
      if (aggregator) await registerParcels(uow, aggregator, await uow.read((em) => parcelsToRegister(em, orderNumber)));
      if (plans.some((plan) => plan.service.carrier.ownFleet)) {
        await uow.write((tx) => planArrivals(tx, localDate(clock.now(), config.REPORT_TIMEZONE), clock.now(), config.FLEET_PLAN_SECONDS * 1000, { speedKmh: config.FLEET_SPEED_KMH, stopMinutes: config.FLEET_STOP_MINUTES }, distances));
      }
      return { ...first!, parcels: [first!, ...others] };
    },
    deliversTo: (address) => uow.read(async (em) => {
      const rows = await em.execute<Array<{ regions: string[] }>>('select cs.regions from carrier_service cs join carrier c on c.id = cs.carrier_id where cs.active and c.active');
      return rows.length === 0 || rows.some((row) => reaches(row.regions, address));
    }),
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
      const registered = aggregator ? (await registerParcels(uow, aggregator, await uow.read((em) => parcelsToRegister(em)))).registered : 0;
      return { shipments: shipments.length, applied, registered };
    },
    requestReattempt: async (orderNumber, date, actor, address) => {
      authorize(actor, 'delivery.reschedule');
      const today = localDate(clock.now(), config.REPORT_TIMEZONE);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date <= today || date > shiftDate(today, 14)) {
        throw new AppError('invalid_input', 'A new attempt is for a day from tomorrow to two weeks out (YYYY-MM-DD)', { date, from: shiftDate(today, 1), to: shiftDate(today, 14) });
      }
      const parcel = await uow.read((em) => failedParcelOf(em, orderNumber, actor));
      const adapter = carriers.get(parcel.carrier);
      if (adapter) await adapter.reattempt(parcel.trackingNumber, date, address);
      await uow.write(async (tx) => {
        await failedParcelOf(tx, orderNumber, actor);
        await recordReattempt(tx, orderNumber, parcel, date, actor, address);
      });
      return { orderNumber, date, attempt: parcel.attempts + 1 };
    },
    returnToSender: async (orderNumber, reason, actor) => {
      authorize(actor, 'shipment.create');
      await uow.write(async (tx) => {
        const parcel = await failedParcelOf(tx, orderNumber, actor);
        await returnToSender(tx, orderNumber, parcel.shipmentId, actor, reason);
      });
      return { orderNumber, status: 'returned' };
    },
    applyTrackingWebhook: async (rawBody, signature) => {
      if (!aggregator) throw new AppError('not_found', 'No tracking aggregator is configured');
      let updates;
      try {
        updates = aggregator.parseWebhook(rawBody, signature);
      } catch (error) {
        if (error instanceof TrackingSignatureError) throw new AppError('unauthenticated', `Missing or wrong ${aggregator.name} signature`);
        throw error;
      }
      const result: TrackingResult = { applied: 0, duplicates: 0, unknown: 0 };
      const carriersBySlug = new Map<string, Promise<string | null>>();
      for (const update of updates) {
        if (!carriersBySlug.has(update.carrierSlug)) carriersBySlug.set(update.carrierSlug, uow.read((em) => carrierOfSlug(em, update.carrierSlug)));
        const carrier = await carriersBySlug.get(update.carrierSlug)!;
        const outcome = carrier ? await applyEvents(carrier, [update]) : { applied: 0, duplicates: 0, unknown: 1 };
        result.applied += outcome.applied;
        result.duplicates += outcome.duplicates;
        result.unknown += outcome.unknown;
      }
      return result;
    },
  };
}

