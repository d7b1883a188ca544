import type { EntityManager } from '@mikro-orm/postgresql';
import type { WarehouseStock } from './allocation.ts';

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
