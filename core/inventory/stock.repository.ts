import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import type { MovementKind } from './stock-movement.entity.ts';
import type { WarehouseStock } from './allocation.ts';

/** One ledger entry to write next to a stock-level change. */
interface Movement {
  warehouseId: number;
  productId: number;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  reference: string;
  actor: Actor;
}

/** Appends movements to the ledger in one statement. */
export async function recordMovements(em: EntityManager, movements: Movement[]): Promise<void> {
  if (movements.length === 0) return;
  const values = movements.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, now())').join(', ');
  const params = movements.flatMap((m) => [
    m.warehouseId, m.productId, m.kind, m.onHandDelta, m.reservedDelta, m.reference, m.actor.type, m.actor.id ?? null,
  ]);
  await em.execute(
    `insert into stock_movement (warehouse_id, product_id, kind, on_hand_delta, reserved_delta, reference, actor_type, actor_id, created_at) values ${values}`,
    params,
    'run',
  );
}

/**
 * Adds `quantity` to on-hand (creating the stock level when it is the first receipt) and returns
 * the new on-hand. Must run inside the caller's transaction together with `recordMovements`.
 */
export async function addOnHand(em: EntityManager, warehouseId: number, productId: number, quantity: number): Promise<number> {
  const [row] = await em.execute<{ on_hand: number }[]>(
    `insert into stock_level (warehouse_id, product_id, on_hand, reserved, updated_at) values (?, ?, ?, 0, now())
     on conflict (warehouse_id, product_id) do update set on_hand = stock_level.on_hand + excluded.on_hand, updated_at = now()
     returning on_hand`,
    [warehouseId, productId, quantity],
  );
  return row!.on_hand;
}

/**
 * Reserves `quantity` in one conditional UPDATE: it succeeds only while
 * `on_hand - reserved >= quantity`, so concurrent orders can never oversell (no read-then-write).
 * Returns false when there is not enough available stock.
 */
export async function tryReserve(em: EntityManager, warehouseId: number, productId: number, quantity: number): Promise<boolean> {
  const result = await em.execute<{ affectedRows: number }>(
    `update stock_level set reserved = reserved + ?, updated_at = now()
     where warehouse_id = ? and product_id = ? and on_hand - reserved >= ?`,
    [quantity, warehouseId, productId, quantity],
    'run',
  );
  return result.affectedRows === 1;
}

/** Gives back a reservation made by `tryReserve`. The CHECK constraint refuses releasing more than is reserved. */
export async function releaseReserved(em: EntityManager, warehouseId: number, productId: number, quantity: number): Promise<void> {
  await em.execute(
    'update stock_level set reserved = reserved - ?, updated_at = now() where warehouse_id = ? and product_id = ?',
    [quantity, warehouseId, productId],
    'run',
  );
}

/** Reserved goods leave the warehouse: on-hand and reserved both drop by `quantity`. */
export async function shipReserved(em: EntityManager, warehouseId: number, productId: number, quantity: number): Promise<void> {
  await em.execute(
    'update stock_level set on_hand = on_hand - ?, reserved = reserved - ?, updated_at = now() where warehouse_id = ? and product_id = ?',
    [quantity, quantity, warehouseId, productId],
    'run',
  );
}

/** Available (on hand minus reserved) per product at one warehouse; missing products count as 0. */
export async function availableAt(em: EntityManager, warehouseId: number, productIds: number[]): Promise<Map<number, number>> {
  const rows = await em.execute<{ product_id: number; available: number }[]>(
    'select product_id, on_hand - reserved as available from stock_level where warehouse_id = ? and product_id in (?)',
    [warehouseId, productIds],
  );
  const available = new Map(productIds.map((id) => [id, 0]));
  for (const row of rows) available.set(row.product_id, Number(row.available));
  return available;
}

/** Available units per product summed over all warehouses; missing products count as 0. */
export async function availableEverywhere(em: EntityManager, productIds: number[]): Promise<Map<number, number>> {
  const available = new Map(productIds.map((id) => [id, 0]));
  if (productIds.length === 0) return available;
  const rows = await em.execute<{ product_id: number; available: string }[]>(
    'select product_id, sum(on_hand - reserved) as available from stock_level where product_id in (?) group by product_id',
    [productIds],
  );
  for (const row of rows) available.set(row.product_id, Number(row.available));
  return available;
}

/** Stock of these products at every warehouse, with the warehouses' locations, for allocation. */
export async function stockByWarehouse(em: EntityManager, productIds: number[]): Promise<WarehouseStock[]> {
  const warehouses = await em.execute<Array<{ id: number; code: string; is_default: boolean; latitude: number | null; longitude: number | null }>>(
    'select id, code, is_default, latitude, longitude from warehouse order by id',
  );
  const rows = productIds.length === 0 ? [] : await em.execute<Array<{ warehouse_id: number; product_id: number; available: number }>>(
    'select warehouse_id, product_id, on_hand - reserved as available from stock_level where product_id in (?)',
    [productIds],
  );
  return warehouses.map((warehouse) => ({
    id: warehouse.id,
    code: warehouse.code,
    isDefault: warehouse.is_default,
    location: warehouse.latitude !== null && warehouse.longitude !== null ? { latitude: warehouse.latitude, longitude: warehouse.longitude } : null,
    available: new Map(rows.filter((row) => row.warehouse_id === warehouse.id).map((row) => [row.product_id, Number(row.available)])),
  }));
}
