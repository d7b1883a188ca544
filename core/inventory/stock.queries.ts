import type { EntityManager } from '@mikro-orm/postgresql';

export interface StockView {
  warehouse: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

/** Stock levels per warehouse, for the given SKUs or (without any) for all, at most 1,000 rows. */
export async function stockLevels(em: EntityManager, skus: string[] = []): Promise<StockView[]> {
  const rows = await em.execute<{ warehouse: string; sku: string; on_hand: number; reserved: number }[]>(
    `select w.code as warehouse, p.sku, s.on_hand, s.reserved
       from stock_level s join warehouse w on w.id = s.warehouse_id join product p on p.id = s.product_id
      where (?::boolean or p.sku in (?)) order by p.sku, w.code limit 1000`,
    [skus.length === 0, skus.length === 0 ? [''] : skus],
  );
  return rows.map((row) => ({ warehouse: row.warehouse, sku: row.sku, onHand: row.on_hand, reserved: row.reserved, available: row.on_hand - row.reserved }));
}

/** Ledger check for one product at one warehouse: level and sums of the movements. */
export async function ledgerBalance(em: EntityManager, warehouseId: number, productId: number): Promise<{ onHand: number; reserved: number; ledgerOnHand: number; ledgerReserved: number }> {
  const [row] = await em.execute<{ on_hand: number; reserved: number; ledger_on_hand: string; ledger_reserved: string }[]>(
    `select s.on_hand, s.reserved,
            coalesce((select sum(on_hand_delta) from stock_movement m where m.warehouse_id = s.warehouse_id and m.product_id = s.product_id), 0) as ledger_on_hand,
            coalesce((select sum(reserved_delta) from stock_movement m where m.warehouse_id = s.warehouse_id and m.product_id = s.product_id), 0) as ledger_reserved
       from stock_level s where s.warehouse_id = ? and s.product_id = ?`,
    [warehouseId, productId],
  );
  return { onHand: row?.on_hand ?? 0, reserved: row?.reserved ?? 0, ledgerOnHand: Number(row?.ledger_on_hand ?? 0), ledgerReserved: Number(row?.ledger_reserved ?? 0) };
}
