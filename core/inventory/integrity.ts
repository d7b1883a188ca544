import type { EntityManager } from '@mikro-orm/postgresql';
import { publish } from '../shared/outbox.ts';

/** A stock level that disagrees with the ledger or with what is reserved for open orders and transfers. */
export interface IntegrityMismatch {
  warehouse: string;
  sku: string;
  onHand: number;
  reserved: number;
  ledgerOnHand: number;
  ledgerReserved: number;
  /** Units reserved on order lines, transfers not shipped yet and production orders' components. */
  openReservations: number;
}

/**
 * Compares every stock level with the sums of its ledger and with what order lines (their
 * `reserved` units), transfers not shipped yet, production orders' components and bookings' consumables hold. Returns the rows that disagree: empty
 * means all is well.
 */
export async function integrityMismatches(em: EntityManager): Promise<IntegrityMismatch[]> {
  const rows = await em.execute<Array<Record<string, string | number>>>(
    `with ledger as (select warehouse_id, product_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from stock_movement group by 1, 2),
          ordered as (select ol.warehouse_id, ol.product_id, sum(ol.reserved) as quantity from order_line ol where ol.reserved > 0 and ol.stocked group by 1, 2),
          transferring as (select t.from_warehouse_id as warehouse_id, (line->>'productId')::int as product_id, sum((line->>'quantity')::int) as quantity
                       from stock_transfer t, jsonb_array_elements(t.lines) line where t.status = 'reserved' group by 1, 2),
          booked as (select b.warehouse_id, c.product_id, sum(c.reserved) as quantity
                       from booking_consumable c join booking b on b.id = c.booking_id where c.reserved > 0 group by 1, 2),
          producing as (select mo.warehouse_id, c.product_id, sum(c.quantity_reserved) as quantity
                       from production_component c join production_order mo on mo.id = c.production_order_id where c.quantity_reserved > 0 group by 1, 2)
     select w.code as warehouse, p.sku, s.on_hand, s.reserved,
            coalesce(l.on_hand, 0) as ledger_on_hand, coalesce(l.reserved, 0) as ledger_reserved,
            coalesce(o.quantity, 0) + coalesce(t.quantity, 0) + coalesce(m.quantity, 0) + coalesce(k.quantity, 0) as open_reservations
       from stock_level s join warehouse w on w.id = s.warehouse_id join product p on p.id = s.product_id
       left join ledger l on l.warehouse_id = s.warehouse_id and l.product_id = s.product_id
       left join ordered o on o.warehouse_id = s.warehouse_id and o.product_id = s.product_id
       left join transferring t on t.warehouse_id = s.warehouse_id and t.product_id = s.product_id
       left join producing m on m.warehouse_id = s.warehouse_id and m.product_id = s.product_id
       left join booked k on k.warehouse_id = s.warehouse_id and k.product_id = s.product_id
      where s.on_hand <> coalesce(l.on_hand, 0) or s.reserved <> coalesce(l.reserved, 0)
         or s.reserved <> coalesce(o.quantity, 0) + coalesce(t.quantity, 0) + coalesce(m.quantity, 0) + coalesce(k.quantity, 0)
      order by w.code, p.sku limit 200`,
  );
  return rows.map((row) => ({
    warehouse: String(row.warehouse), sku: String(row.sku), onHand: Number(row.on_hand), reserved: Number(row.reserved),
    ledgerOnHand: Number(row.ledger_on_hand), ledgerReserved: Number(row.ledger_reserved), openReservations: Number(row.open_reservations),
  }));
}

/** Runs the check and, when rows disagree, publishes one `inventory.integrity_mismatch` event listing them. */
export async function checkIntegrity(tx: EntityManager): Promise<IntegrityMismatch[]> {
  const mismatches = await integrityMismatches(tx);
  if (mismatches.length > 0) {
    publish(tx, 'inventory.integrity_mismatch', { type: 'stock', id: 'integrity' }, { rows: mismatches });
    await tx.flush();
  }
  return mismatches;
}
