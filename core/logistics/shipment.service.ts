import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { publish } from '../shared/outbox.ts';
import { localDate } from '../shared/calendar.ts';
import { applyStatusChange, Order, OrderLine } from '../orders/index.ts';
import { Carrier, CarrierService, Shipment, type ShipmentStatus } from './carrier.entity.ts';
import type { CarrierEvent, LabelRequest } from './carrier.port.ts';
import { chooseCarrier, type ServiceOption } from './carrier-choice.ts';
import { shipmentLifecycle } from './shipment-state.ts';
import { collectCashOnDelivery } from '../payments/index.ts';
import { returnToSender } from './failed-delivery.ts';

export interface ShipmentView {
  orderNumber: string;
  carrier: string;
  service: string;
  trackingNumber: string;
  status: ShipmentStatus;
  weightGrams: number;
  priceMinor: number;
  currency: string;
  estimatedDelivery: string;
  reason: string;
  reasonZh: string;
}

function toView(shipment: Shipment, orderNumber: string): ShipmentView {
  return {
    orderNumber, carrier: shipment.service.carrier.code, service: shipment.service.code, trackingNumber: shipment.trackingNumber,
    status: shipment.status, weightGrams: shipment.weightGrams, priceMinor: shipment.priceMinor, currency: shipment.currency,
    estimatedDelivery: shipment.estimatedDelivery, reason: shipment.choiceReason, reasonZh: shipment.choiceReasonZh,
  };
}

/** What shipping a packed order will use: chosen before the carrier is called, outside any transaction. */
export interface ShipmentPlan {
  orderNumber: string;
  service: CarrierService;
  weightGrams: number;
  choice: NonNullable<ReturnType<typeof chooseCarrier>>;
  label: LabelRequest;
}

/**
 * Weighs a packed order and picks the carrier service by the pure policy, among every configured
 * carrier (or only `carrier`, when staff name the one they handed it to). Read-only: the label is
 * booked after this, and `recordShipment` writes it.
 */
export async function planShipment(em: EntityManager, input: { orderNumber: string; carrier?: string | undefined; timeZone: string; now: Date }): Promise<ShipmentPlan> {
  const order = await em.findOne(Order, { number: input.orderNumber });
  if (!order) throw new AppError('not_found', `No order ${input.orderNumber}`, { number: input.orderNumber });
  if (order.status !== 'packed') throw new AppError('invalid_transition', `Order ${order.number} is ${order.status}; only packed orders ship`, { status: order.status });
  if (!order.shippingAddress) throw new AppError('address_required', `Order ${order.number} has no delivery address`);
  const lines = await em.find(OrderLine, { order }, { populate: ['product'] });
  const weightGrams = Math.max(1, lines.reduce((sum, line) => sum + line.quantity * line.product.weightGrams, 0));
  const services = await em.find(CarrierService, { active: true, carrier: { active: true } }, { populate: ['carrier'] });
  if (input.carrier && !services.some((each) => each.carrier.code === input.carrier)) throw new AppError('not_found', `No active carrier ${input.carrier}`, { carrier: input.carrier });
  const options: ServiceOption[] = services.filter((each) => !input.carrier || each.carrier.code === input.carrier).map((each) => ({
    serviceId: each.id, carrierCode: each.carrier.code, carrierName: each.carrier.name, carrierNameZh: each.carrier.nameZh ?? null,
    serviceName: each.name, serviceNameZh: each.nameZh ?? null, transitDays: each.transitDays, cutoffHour: each.cutoffHour,
    supportsCod: each.supportsCod, codFeeMinor: each.codFeeMinor, regions: each.regions, weightBands: each.weightBands, onTimeRate: Number(each.carrier.onTimeRate),
  }));
  const cod = order.paymentMethod === 'cash_on_delivery';
  const choice = chooseCarrier(options, {
    weightGrams, city: order.shippingAddress.city, region: order.shippingAddress.region, cashOnDelivery: cod,
    promisedBy: order.promisedAt ? localDate(order.promisedAt, input.timeZone) : null, now: input.now, timeZone: input.timeZone,
  });
  if (!choice) throw new AppError('rule_violation', `No carrier service can take ${(weightGrams / 1000).toFixed(1)} kg to ${order.shippingAddress.city}${cod ? ' with cash on delivery' : ''}`);
  const service = services.find((each) => each.id === choice.option.serviceId)!;
  return {
    orderNumber: order.number, service, weightGrams, choice,
    label: { orderNumber: order.number, serviceCode: service.code, weightGrams, cashOnDeliveryMinor: cod ? order.totalMinor : null, address: order.shippingAddress },
  };
}

/**
 * Writes the booked shipment and moves the order to `shipped`, in the caller's transaction
 * (its outbox event carries carrier and tracking number for the customer).
 */
export async function recordShipment(tx: EntityManager, plan: ShipmentPlan, booked: { trackingNumber: string; label: Record<string, unknown> }, actor: Actor): Promise<ShipmentView> {
  let shipment!: Shipment;
  await applyStatusChange(tx, {
    number: plan.orderNumber, to: 'shipped', actor,
    details: { carrier: plan.service.carrier.name, trackingNumber: booked.trackingNumber },
    within: async (inner, locked) => {
      shipment = inner.create(Shipment, {
        order: locked, service: plan.service.id, trackingNumber: booked.trackingNumber, weightGrams: plan.weightGrams, priceMinor: plan.choice.priceMinor,
        currency: plan.service.currency, choiceReason: plan.choice.reason, choiceReasonZh: plan.choice.reasonZh, label: booked.label, estimatedDelivery: plan.choice.deliveryBy,
      });
    },
  });
  await tx.populate(shipment, ['service', 'service.carrier']);
  return toView(shipment, plan.orderNumber);
}

/** What became of one tracking event. */
export type CarrierEventOutcome = 'applied' | 'duplicate' | 'unknown';

/**
 * Applies one tracking event from a carrier (webhook or polling) in the caller's transaction:
 * once (unique per shipment and event id), the shipment only moving forward. Delivered and
 * failed move the order (`delivered`, `delivery_failed`) and that status change tells the
 * customer; in-transit steps publish `shipment.updated`.
 */
export async function applyCarrierEvent(tx: EntityManager, carrierCode: string, event: CarrierEvent, maxAttempts = 3): Promise<CarrierEventOutcome> {
  const [row] = await tx.execute<Array<{ id: number; status: ShipmentStatus; number: string; customer_id: number; carrier_name: string }>>(
    `select s.id, s.status, o.number, o.customer_id, c.name as carrier_name from shipment s
       join carrier_service cs on cs.id = s.service_id join carrier c on c.id = cs.carrier_id join "order" o on o.id = s.order_id
      where c.code = ? and s.tracking_number = ? for update of s`,
    [carrierCode, event.trackingNumber],
  );
  if (!row) return 'unknown';
  const inserted = await tx.execute(
    `insert into shipment_event (shipment_id, external_id, status, description, occurred_at, created_at) values (?, ?, ?, ?, ?, now())
     on conflict (shipment_id, external_id) do nothing returning id`,
    [row.id, event.id, event.status, event.description ?? null, event.occurredAt],
  );
  if (inserted.length === 0) return 'duplicate';
  // Recorded either way; the parcel's status only moves forward (a late "in transit" changes nothing).
  if (!shipmentLifecycle.can(row.status, event.status)) return 'applied';
  await tx.execute('update shipment set status = ?, delivered_at = case when ? = \'delivered\' then ? else delivered_at end where id = ?', [event.status, event.status, event.occurredAt, row.id], 'run');
  if (event.status === 'delivered' || event.status === 'failed') {
    const actor = { type: 'system' as const, id: carrierCode };
    if (event.status === 'failed') {
      const [counted] = await tx.execute<Array<{ failed_attempts: number }>>('update shipment set failed_attempts = failed_attempts + 1 where id = ? returning failed_attempts', [row.id]);
      const attempts = counted!.failed_attempts;
      // The last attempt failed: the parcel goes back to the shop.
      if (attempts >= maxAttempts) {
        await returnToSender(tx, row.number, row.id, actor, `returned to sender after ${attempts} failed delivery attempts${event.description ? `: ${event.description}` : ''}`);
        return 'applied';
      }
      await applyStatusChange(tx, { number: row.number, to: 'delivery_failed', actor, reason: event.description, details: { attempt: attempts, maxAttempts } });
      return 'applied';
    }
    await applyStatusChange(tx, { number: row.number, to: 'delivered', actor, reason: event.description });
    // Cash on delivery: the carrier collected it with the parcel, and holds it for the shop.
    if (event.status === 'delivered') await collectCashOnDelivery(tx, row.number, carrierCode, actor);
  } else {
    publish(tx, 'shipment.updated', { type: 'order', id: row.number }, { orderNumber: row.number, customerId: row.customer_id, status: event.status, carrier: row.carrier_name, trackingNumber: event.trackingNumber });
    await tx.flush();
  }
  return 'applied';
}

/** Shipments still on their way, per carrier code (what the tracking job polls). */
export async function openShipments(em: EntityManager): Promise<Array<{ carrier: string; trackingNumber: string }>> {
  return em.execute<Array<{ carrier: string; trackingNumber: string }>>(
    `select c.code as carrier, s.tracking_number as "trackingNumber" from shipment s join carrier_service cs on cs.id = s.service_id join carrier c on c.id = cs.carrier_id
      where s.status in ('label_created', 'in_transit', 'out_for_delivery') order by s.id limit 5000`,
  );
}

/** The carrier with its webhook secret, for verifying a webhook. */
export async function carrierByCode(em: EntityManager, code: string): Promise<Carrier | null> {
  return em.findOne(Carrier, { code, active: true });
}

export async function shipmentsOf(em: EntityManager, orderNumber: string): Promise<ShipmentView[]> {
  const shipments = await em.find(Shipment, { order: { number: orderNumber } }, { populate: ['service', 'service.carrier'], orderBy: { id: 'asc' } });
  return shipments.map((shipment) => toView(shipment, orderNumber));
}
