import type { EntityManager } from '@mikro-orm/postgresql';
import { publish } from '../shared/outbox.ts';

/** Stock of one product at one warehouse whose availability just changed. */
export interface StockKey {
  warehouseId: number;
  productId: number;
}

function byWarehouse(keys: StockKey[]): Map<number, number[]> {
  const grouped = new Map<number, number[]>();
  for (const key of keys) grouped.set(key.warehouseId, [...new Set([...(grouped.get(key.warehouseId) ?? []), key.productId])]);
  return grouped;
}

/**
 * After availability dropped (orders, transfers, counts), in the same transaction: every
 * reorder policy that just went below its point is marked alerted and publishes one
 * `inventory.low_stock` event. The conditional update makes it one alert per crossing however
 * many orders race past the point; `rearmStockAlerts` clears the mark once stock is back.
 */
export async function markLowStock(tx: EntityManager, keys: StockKey[]): Promise<number> {
  let alerts = 0;
  for (const [warehouseId, productIds] of byWarehouse(keys)) {
    const crossed = await tx.execute<Array<{ product_id: number; available: number; reorder_point: number }>>(
      `update reorder_policy r set alerted_at = now()
         from stock_level s
        where s.warehouse_id = r.warehouse_id and s.product_id = r.product_id
          and r.warehouse_id = ? and r.product_id in (?) and r.alerted_at is null and s.on_hand - s.reserved < r.reorder_point
        returning r.product_id, s.on_hand - s.reserved as available, r.reorder_point`,
      [warehouseId, productIds],
    );
    for (const row of crossed) {
      publish(tx, 'inventory.low_stock', { type: 'stock', id: `${warehouseId}/${row.product_id}` }, {
        warehouseId, productId: row.product_id, available: Number(row.available), reorderPoint: row.reorder_point,
      });
    }
    alerts += crossed.length;
  }
  return alerts;
}

/** After availability rose (receipts, releases, counts): policies at or above their point may alert again. */
export async function rearmStockAlerts(tx: EntityManager, keys: StockKey[]): Promise<void> {
  for (const [warehouseId, productIds] of byWarehouse(keys)) {
    await tx.execute(
      `update reorder_policy r set alerted_at = null
         from stock_level s
        where s.warehouse_id = r.warehouse_id and s.product_id = r.product_id
          and r.warehouse_id = ? and r.product_id in (?) and r.alerted_at is not null and s.on_hand - s.reserved >= r.reorder_point`,
      [warehouseId, productIds],
      'run',
    );
  }
}
