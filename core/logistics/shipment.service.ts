import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { publish } from '../shared/outbox.ts';
import { localDate } from '../shared/calendar.ts';
import { applyStatusChange, Order, OrderLine } from '../orders/index.ts';
import { Carrier, CarrierService, Shipment, type ShipmentStatus } from './carrier.entity.ts';
import type { LabelRequest } from './carrier.port.ts';
import { chooseCarrier, type ServiceOption } from './carrier-choice.ts';
import { closeRound, scannedUnits } from '../fulfilment/index.ts';

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

/** What shipping one parcel of a packed order will use: chosen before the carrier is called, outside any transaction. */
export interface ShipmentPlan {
  orderNumber: string;
  /** The warehouse the parcel leaves from (each warehouse's part of the order is one parcel). */
  warehouseId: number;
  service: CarrierService;
  weightGrams: number;
  choice: NonNullable<ReturnType<typeof chooseCarrier>>;
  label: LabelRequest;
  /** What is in the parcel, for the customer's message. */
  items: string;
  /** Units leaving in this parcel, per order line id. */
  units: ReadonlyMap<number, number>;
  /** Nothing of the order is left to ship after this round. */
  final: boolean;
}

/** A line's units leaving in this round: what was scanned (all it reserved when packed by hand). */
function leavingUnits(line: OrderLine, scanned: ReadonlyMap<number, number> | null): number {
  return Math.min(line.reserved, scanned ? (scanned.get(line.id) ?? 0) : line.reserved);
}

/**
 * Weighs each warehouse's part of what a packed order ships now and picks its carrier service by
 * the pure policy, among every configured carrier (or only `carrier`, when staff name the one
 * they handed it to). What ships is what was scanned in this round; backordered units follow in
 * a later one. Read-only: the labels are booked after this, and `recordShipments` writes them.
 * Cash on delivery is collected per parcel: its units, and with the order's last parcel the rest
 * of the total (the delivery fee, less what cancelled units took off).
 */
export async function planShipments(em: EntityManager, input: { orderNumber: string; carrier?: string | undefined; timeZone: string; now: Date }): Promise<ShipmentPlan[]> {
  const order = await em.findOne(Order, { number: input.orderNumber });
  if (!order) throw new AppError('not_found', `No order ${input.orderNumber}`, { number: input.orderNumber });
  if (order.status !== 'packed') throw new AppError('invalid_transition', `Order ${order.number} is ${order.status}; only packed orders ship`, { status: order.status });
  if (!order.shippingAddress) throw new AppError('address_required', `Order ${order.number} has no delivery address`);
  const address = order.shippingAddress;
  const lines = await em.find(OrderLine, { order }, { populate: ['product'], orderBy: { id: 'asc' } });
  const scanned = await scannedUnits(em, order.id);
  const leaving = lines.map((line) => ({ line, units: leavingUnits(line, scanned) })).filter((part) => part.units > 0);
  if (leaving.length === 0) throw new AppError('rule_violation', `Order ${order.number} has nothing packed to ship`, { status: order.status });
  const final = lines.every((line) => line.backordered + line.reserved === leaving.find((part) => part.line === line)?.units);
  const parts = [...Map.groupBy(leaving, (part) => part.line.warehouse.id)];
  const services = await em.find(CarrierService, { active: true, carrier: { active: true } }, { populate: ['carrier'] });
  if (input.carrier && !services.some((each) => each.carrier.code === input.carrier)) throw new AppError('not_found', `No active carrier ${input.carrier}`, { carrier: input.carrier });
  const options: ServiceOption[] = services.filter((each) => !input.carrier || each.carrier.code === input.carrier).map((each) => ({
    serviceId: each.id, carrierCode: each.carrier.code, carrierName: each.carrier.name, carrierNameZh: each.carrier.nameZh ?? null,
    serviceName: each.name, serviceNameZh: each.nameZh ?? null, transitDays: each.transitDays, cutoffHour: each.cutoffHour,
    supportsCod: each.supportsCod, codFeeMinor: each.codFeeMinor, regions: each.regions, weightBands: each.weightBands, onTimeRate: Number(each.carrier.onTimeRate),
  }));
  const cod = order.paymentMethod === 'cash_on_delivery';
  const worth = parts.map(([, partLines]) => partLines.reduce((sum, part) => sum + part.units * part.line.unitPriceMinor, 0));
  const collectedBefore = cod ? (await em.find(Shipment, { order })).reduce((sum, shipment) => sum + (shipment.codMinor ?? 0), 0) : 0;
  const lastPart = order.totalMinor - collectedBefore - worth.slice(0, -1).reduce((sum, value) => sum + value, 0);
  return parts.map(([warehouseId, partLines], index) => {
    const weightGrams = Math.max(1, partLines.reduce((sum, part) => sum + part.units * part.line.product.weightGrams, 0));
    const choice = chooseCarrier(options, {
      weightGrams, city: address.city, region: address.region, cashOnDelivery: cod,
      promisedBy: order.promisedAt ? localDate(order.promisedAt, input.timeZone) : null, now: input.now, timeZone: input.timeZone,
    });
    if (!choice) throw new AppError('rule_violation', `No carrier service can take ${(weightGrams / 1000).toFixed(1)} kg to ${address.city}${cod ? ' with cash on delivery' : ''}`);
    const service = services.find((each) => each.id === choice.option.serviceId)!;
    const partMinor = final && index === parts.length - 1 ? Math.max(0, lastPart) : worth[index]!;
    return {
      orderNumber: order.number, warehouseId, service, weightGrams, choice, final,
      units: new Map(partLines.map((part) => [part.line.id, part.units])),
      items: partLines.map((part) => `${part.line.name} × ${part.units}`).join(', '),
      label: { orderNumber: order.number, serviceCode: service.code, weightGrams, cashOnDeliveryMinor: cod ? partMinor : null, address },
    };
  });
}

/**
 * Writes the booked parcels and moves the order on, in the caller's transaction: `shipped`, or
 * `partially_shipped` while backordered units wait. The round's pick-list lines close. The
 * simple case (the whole order in one parcel) is told by the status change's event (carrier and
 * tracking number); otherwise each parcel has its own event (carrier, tracking number, items,
 * its number and, once known, how many there are), one message each.
 */
export async function recordShipments(tx: EntityManager, plans: ShipmentPlan[], booked: Array<{ trackingNumber: string; label: Record<string, unknown> }>, actor: Actor): Promise<ShipmentView[]> {
  const created: Shipment[] = [];
  const [first] = plans;
  const before = await tx.count(Shipment, { order: { number: first!.orderNumber } });
  const simple = plans.length === 1 && before === 0 && first!.final;
  const parcels = first!.final ? before + plans.length : null;
  await applyStatusChange(tx, {
    number: first!.orderNumber, to: 'shipped', actor, units: new Map(plans.flatMap((plan) => [...plan.units])),
    details: simple ? { carrier: first!.service.carrier.name, trackingNumber: booked[0]!.trackingNumber } : { parcels: parcels ?? 0 },
    within: async (inner, locked) => {
      plans.forEach((plan, index) => created.push(inner.create(Shipment, {
        order: locked, warehouse: plan.warehouseId, service: plan.service.id, trackingNumber: booked[index]!.trackingNumber, weightGrams: plan.weightGrams,
        priceMinor: plan.choice.priceMinor, currency: plan.service.currency, choiceReason: plan.choice.reason, choiceReasonZh: plan.choice.reasonZh,
        label: booked[index]!.label, estimatedDelivery: plan.choice.deliveryBy, codMinor: plan.label.cashOnDeliveryMinor,
      })));
      await closeRound(inner, locked.id);
      if (simple) return;
      plans.forEach((plan, index) => publish(inner, 'shipment.updated', { type: 'order', id: plan.orderNumber }, {
        orderNumber: plan.orderNumber, customerId: locked.customer.id, status: 'shipped', carrier: plan.service.carrier.name,
        trackingNumber: booked[index]!.trackingNumber, items: plan.items, parcel: before + index + 1, parcels,
      }));
    },
  });
  await tx.populate(created, ['service', 'service.carrier']);
  return created.map((shipment) => toView(shipment, first!.orderNumber));
}

/** The carrier with its webhook secret, for verifying a webhook. */
export async function carrierByCode(em: EntityManager, code: string): Promise<Carrier | null> {
  return em.findOne(Carrier, { code, active: true });
}

export async function shipmentsOf(em: EntityManager, orderNumber: string): Promise<ShipmentView[]> {
  const shipments = await em.find(Shipment, { order: { number: orderNumber } }, { populate: ['service', 'service.carrier'], orderBy: { id: 'asc' } });
  return shipments.map((shipment) => toView(shipment, orderNumber));
}
