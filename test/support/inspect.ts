import type { MikroORM } from '@mikro-orm/postgresql';
import { ledgerBalance } from '../../core/inventory/index.ts';

/** Stock level of a SKU at a warehouse (the default one unless a code is given), next to the sums of its ledger. */
export async function stockOf(orm: MikroORM, sku: string, warehouse?: string): Promise<{ onHand: number; reserved: number; ledgerOnHand: number; ledgerReserved: number }> {
  const [ids] = await orm.em.getConnection().execute<{ warehouse_id: number; product_id: number }[]>(
    'select w.id as warehouse_id, p.id as product_id from warehouse w, product p where (w.code = ? or (?::text is null and w.is_default)) and p.sku = ?',
    [warehouse ?? null, warehouse ?? null, sku],
  );
  return ledgerBalance(orm.em.fork(), ids!.warehouse_id, ids!.product_id);
}

/** Row counts of the tables an order touches, to prove a refused request wrote nothing. */
export async function countRows(orm: MikroORM): Promise<Record<string, number>> {
  const tables = ['"order"', 'order_line', 'customer', 'customer_identity', 'stock_movement', 'idempotency_record', 'outbox_event', 'audit_entry'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from ${table}`);
    counts[table] = Number(row!.n);
  }
  return counts;
}
