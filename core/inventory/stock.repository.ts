import type { EntityManager } from '@mikro-orm/postgresql';

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
