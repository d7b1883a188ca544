import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { publish } from '../shared/outbox.ts';
import { findWarehouse, postMovements, postRequired, type Movement } from '../inventory/index.ts';
import { BookingConsumable, ServiceConsumable, type Booking } from './booking.entity.ts';

/**
 * At confirmation: the service's consumables are reserved for the booking at the default
 * warehouse, in product-id order (one `reservation` movement each, reference the booking). One
 * short: with `block` nothing is reserved and the confirmation is refused (409
 * `insufficient_stock`, each short one with what it needs and what is free); with `allow` the
 * booking goes ahead with what could be reserved and ops are alerted once. Never creates stock.
 */
export async function reserveConsumables(tx: EntityManager, booking: Booking, actor: Actor): Promise<void> {
  const needs = await tx.find(ServiceConsumable, { service: booking.service }, { populate: ['product'], orderBy: { product: 'asc' } });
  if (needs.length === 0) return;
  const warehouse = booking.warehouse ?? await findWarehouse(tx);
  booking.warehouse = warehouse;
  const posted = await postMovements(tx, needs.map((need): Movement => ({
    warehouseId: warehouse.id, productId: need.product.id, kind: 'reservation', onHandDelta: 0, reservedDelta: need.quantity, reference: booking.number, actor,
  })));
  const short = needs.filter((_need, index) => !posted[index]!.applied);
  if (short.length > 0 && booking.service.consumableShortage === 'block') {
    const levels = await tx.execute<Array<{ product_id: number; available: number }>>(
      'select product_id, on_hand - reserved as available from stock_level where warehouse_id = ? and product_id in (?)', [warehouse.id, short.map((need) => need.product.id)]);
    throw new AppError('insufficient_stock', `Not enough ${short.map((need) => need.product.sku).join(', ')} for this service at that time`, {
      lines: short.map((need) => ({ sku: need.product.sku, required: need.quantity, available: Math.max(0, levels.find((level) => level.product_id === need.product.id)?.available ?? 0) })),
    });
  }
  needs.forEach((need, index) => tx.create(BookingConsumable, {
    booking, product: need.product, sku: need.product.sku, planned: need.quantity, reserved: posted[index]!.applied ? need.quantity : 0, consumed: 0,
  }));
  if (short.length > 0) {
    booking.suppliesShort = true;
    publish(tx, 'booking.supplies_short', { type: 'booking', id: booking.number }, { customerId: booking.customer.id, version: booking.version, startAt: booking.startAt.toISOString(), skus: short.map((need) => need.product.sku) });
  }
  await tx.flush();
}

/** Cancel, no-show: what is still reserved for the booking goes back (`release` movements). */
export async function releaseConsumables(tx: EntityManager, booking: Booking, actor: Actor): Promise<void> {
  const rows = await tx.find(BookingConsumable, { booking, reserved: { $gt: 0 } }, { orderBy: { product: 'asc' } });
  if (rows.length === 0 || !booking.warehouse) return;
  await postRequired(tx, rows.map((row): Movement => ({
    warehouseId: booking.warehouse!.id, productId: row.product.id, kind: 'release', onHandDelta: 0, reservedDelta: -row.reserved, reference: booking.number, actor,
  })));
  for (const row of rows) row.reserved = 0;
}

/**
 * At completion: what was used (`actual`, by SKU; the plan for those not named) leaves stock
 * (`service_consume`: on-hand down by the actual, the reservation given up whole); more than was
 * reserved only from free stock, else 409 `insufficient_stock` (staff adjust the count first).
 */
export async function consumeConsumables(tx: EntityManager, booking: Booking, actual: ReadonlyMap<string, number>, actor: Actor): Promise<Record<string, number>> {
  const rows = await tx.find(BookingConsumable, { booking }, { orderBy: { product: 'asc' } });
  const unknown = [...actual.keys()].filter((sku) => !rows.some((row) => row.sku === sku));
  if (unknown.length > 0) throw new AppError('invalid_input', `${unknown.join(', ')} is not a consumable of ${booking.number}`, { skus: unknown });
  if (rows.length === 0 || !booking.warehouse) return {};
  const used = rows.map((row) => actual.get(row.sku) ?? row.planned);
  const posted = await postMovements(tx, rows.map((row, index): Movement => ({
    warehouseId: booking.warehouse!.id, productId: row.product.id, kind: 'service_consume', onHandDelta: -used[index]!, reservedDelta: -row.reserved, reference: booking.number, actor,
  })));
  const refused = rows.filter((_row, index) => !posted[index]!.applied);
  if (refused.length > 0) throw new AppError('insufficient_stock', `Not enough ${refused.map((row) => row.sku).join(', ')} in stock for what was used: count it first`, { lines: refused.map((row) => ({ sku: row.sku })) });
  rows.forEach((row, index) => {
    row.consumed = used[index]!;
    row.reserved = 0;
  });
  return Object.fromEntries(rows.map((row, index) => [row.sku, used[index]!]));
}
