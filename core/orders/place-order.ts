import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { claimIdempotencyKey, hashRequest, storeResponse, type IdempotencyKey } from '../shared/idempotency.ts';
import { resolveCustomer, rememberAddress, type CustomerContact, type IdentityChannel } from '../customers/index.ts';
import { allocate, markLowStock, reserveLines, ReservationShortfall, stockByWarehouse, type Allocation } from '../inventory/index.ts';
import { Order, OrderLine, type OrderAddress, type OrderChannel, type PaymentMethod } from './order.entity.ts';
import { verifyOrderLines, type RequestedLine, type VerifiedLine } from './order-verification.ts';
import { approvalReasons, linesFingerprint, priceOrder, promisedDate, type OrderPolicy } from './pricing.ts';
import { formatOrderNumber } from './order-number.ts';
import { toOrderView, type OrderView } from './order.view.ts';

/** Everything a channel knows when a customer confirms an order. */
export interface PlaceOrderInput {
  channel: OrderChannel;
  /** Who the customer is on that channel; one identity always means one customer. */
  identity: { channel: IdentityChannel; externalId: string };
  contact: CustomerContact;
  lines: RequestedLine[];
  shippingAddress?: OrderAddress | undefined;
  paymentMethod: PaymentMethod;
  notes?: string | undefined;
  actor: Actor;
}

/** Settings of the order flow, from configuration. */
export interface OrderSettings {
  policy: OrderPolicy;
  /** Business time zone: the date in order numbers. */
  timeZone: string;
  clock: Clock;
}

export interface PlaceOrderResult {
  order: OrderView;
  /** True when the idempotency key had been seen: nothing new was written. */
  replayed: boolean;
}

/**
 * Places an order inside the caller's transaction: verify, reserve stock, number it, write
 * order and lines, ledger, audit and an outbox event (`order.placed`, or
 * `order.approval_requested` when it needs a person). With an idempotency key, a retry
 * returns the first response and reserves nothing. A shortfall throws ReservationShortfall;
 * the caller rolls back and reports what is available.
 */
export async function placeOrder(tx: EntityManager, settings: OrderSettings, input: PlaceOrderInput, idempotency?: IdempotencyKey): Promise<PlaceOrderResult> {
  const { actor: _actor, ...request } = input;
  if (idempotency) {
    const stored = await claimIdempotencyKey(tx, idempotency, hashRequest(request));
    if (stored) return { order: stored as unknown as OrderView, replayed: true };
  }
  const verified = await verifyOrderLines(tx, input.lines, input.shippingAddress, settings.policy);
  const order = await writeOrder(tx, settings, input, verified);
  if (idempotency) await storeResponse(tx, idempotency, order);
  return { order, replayed: false };
}

async function writeOrder(tx: EntityManager, settings: OrderSettings, input: PlaceOrderInput, verified: VerifiedLine[]): Promise<OrderView> {
  const now = settings.clock.now();
  const customer = await resolveCustomer(tx, input.identity.channel, input.identity.externalId, input.contact);
  const number = formatOrderNumber(await nextOrderSequence(tx), now, settings.timeZone);
  const allocations = await allocateOrder(tx, verified, input.shippingAddress);
  const product = (id: number) => verified.find((line) => line.product.id === id)!.product;

  await reserveLines(tx, allocations.map((allocation) => ({ ...allocation, sku: product(allocation.productId).sku })), number, input.actor);
  await markLowStock(tx, allocations);

  const priced = verified.map((line) => ({ sku: line.product.sku, quantity: line.quantity, unitPriceMinor: line.product.priceMinor, kind: line.product.kind }));
  const totals = priceOrder(priced, settings.policy);
  const reasons = approvalReasons(priced, totals, settings.policy);
  const fingerprint = linesFingerprint(priced);
  const flags = (await isLikelyDuplicate(tx, customer.id, fingerprint, now, settings.policy.duplicateWindowMinutes)) ? ['possible_duplicate'] : [];

  const order = tx.create(Order, {
    number,
    customer,
    status: reasons.length > 0 ? 'pending_approval' : 'confirmed',
    channel: input.channel,
    ...totals,
    currency: verified[0]!.product.currency,
    shippingAddress: input.shippingAddress ?? null,
    contact: { name: input.contact.name, phone: input.contact.phone, email: input.contact.email },
    paymentMethod: input.paymentMethod,
    notes: input.notes ?? null,
    flags,
    approvalReasons: reasons,
    linesFingerprint: fingerprint,
    placedAt: now,
    promisedAt: promisedDate(priced, now, settings.policy),
  });
  const lines = allocations.map((allocation) => {
    const item = product(allocation.productId);
    return tx.create(OrderLine, {
      order, product: item, warehouse: allocation.warehouseId, sku: item.sku, name: item.name,
      quantity: allocation.quantity, unitPriceMinor: item.priceMinor, lineTotalMinor: allocation.quantity * item.priceMinor,
    });
  });
  audit(tx, input.actor, { entityType: 'order', entityId: number, action: 'order.placed', after: { status: order.status, totalMinor: order.totalMinor, flags, approvalReasons: reasons } });
  const topic = order.status === 'pending_approval' ? 'order.approval_requested' : 'order.placed';
  publish(tx, topic, { type: 'order', id: number }, { orderNumber: number, customerId: customer.id, status: order.status, approvalReasons: reasons });
  if (input.shippingAddress) await rememberAddress(tx, customer.id, input.shippingAddress);
  await tx.flush();
  return toOrderView(order, lines);
}

/**
 * Which warehouse ships what (`inventory/allocation.ts`), sorted by product then warehouse so
 * concurrent orders lock stock rows in one order. When the warehouses together are short, the
 * lines are still tried at the preferred warehouse so the shortfall error names them.
 */
async function allocateOrder(tx: EntityManager, verified: VerifiedLine[], address: OrderAddress | undefined): Promise<Allocation[]> {
  const warehouses = await stockByWarehouse(tx, verified.map((line) => line.product.id));
  const destination = address?.latitude !== undefined && address.longitude !== undefined ? { latitude: address.latitude, longitude: address.longitude } : null;
  const requested = verified.map((line) => ({ productId: line.product.id, quantity: line.quantity }));
  const allocations = allocate(requested, warehouses, destination);
  if (!allocations) {
    const fallback = warehouses.find((warehouse) => warehouse.isDefault) ?? warehouses[0];
    if (!fallback) throw new ReservationShortfall(requested.map((line) => ({ ...line, warehouseId: 0, sku: verified.find((each) => each.product.id === line.productId)!.product.sku })));
    return requested.map((line) => ({ ...line, warehouseId: fallback.id }));
  }
  return allocations.sort((a, b) => a.productId - b.productId || a.warehouseId - b.warehouseId);
}

async function nextOrderSequence(tx: EntityManager): Promise<number> {
  const [row] = await tx.execute<{ value: string }[]>("select nextval('order_number_seq') as value");
  return Number(row!.value);
}

async function isLikelyDuplicate(tx: EntityManager, customerId: number, fingerprint: string, now: Date, windowMinutes: number): Promise<boolean> {
  const since = new Date(now.getTime() - windowMinutes * 60_000);
  const count = await tx.count(Order, { customer: customerId, linesFingerprint: fingerprint, placedAt: { $gte: since }, status: { $nin: ['cancelled', 'rejected'] } });
  return count > 0;
}
