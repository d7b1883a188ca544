import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../customers/index.ts';
import type { OrderStatus } from '../orders/index.ts';
import type { OrderSummary } from './notice.ts';

/** An order as its notices show it, with its customer. */
export interface OrderSnapshotRow {
  summary: OrderSummary;
  status: OrderStatus;
  placedAt: Date;
  customer: { id: number; name: string; locale: Locale };
}

/**
 * The orders with these numbers as notices show them: number, lines (English and Chinese
 * names), total, expected delivery, and the customer. One statement for a whole relay batch,
 * read as rows rather than entities (the relay plans hundreds of events at a time).
 */
export async function orderSnapshots(em: EntityManager, numbers: string[]): Promise<Map<string, OrderSnapshotRow>> {
  if (numbers.length === 0) return new Map();
  const rows = await em.execute<Array<{
    number: string; status: OrderStatus; placed_at: Date; total_minor: number; currency: string; promised_at: Date | null;
    customer_id: number; customer_name: string; customer_locale: Locale;
    lines: OrderSummary['lines'] | null;
  }>>(
    `select o.number, o.status, o.placed_at, o.total_minor, o.currency, o.promised_at,
            c.id as customer_id, c.name as customer_name, c.locale as customer_locale,
            (select json_agg(json_build_object('sku', l.sku, 'name', l.name, 'nameZh', p.name_zh, 'quantity', l.quantity, 'lineTotalMinor', l.line_total_minor,
                                               'backordered', l.backordered, 'expectedAt', p.backorder_expected_at) order by l.id)
               from order_line l join product p on p.id = l.product_id where l.order_id = o.id) as lines
       from "order" o join customer c on c.id = o.customer_id
      where o.number in (?)`,
    [numbers],
  );
  return new Map(rows.map((row) => [row.number, {
    summary: {
      number: row.number,
      lines: row.lines ?? [],
      totalMinor: Number(row.total_minor),
      currency: row.currency,
      promisedAt: row.promised_at ? new Date(row.promised_at).toISOString() : null,
    },
    status: row.status,
    placedAt: new Date(row.placed_at),
    customer: { id: Number(row.customer_id), name: row.customer_name, locale: row.customer_locale },
  }]));
}
