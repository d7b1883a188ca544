import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { cancelProductionOrder, createProductionOrder, lockProductionOrder } from './production.service.ts';

const dayMs = 86_400_000;
/** Who creates the production orders of make-to-order lines. */
const makeToOrder: Actor = { type: 'system', id: 'make-to-order' };

/**
 * Make-to-order, in the transaction that placed the order: each line of a `make_to_order`
 * product reserved what was in stock and waits (backordered) for the rest; that rest becomes a
 * draft production order pegged to the line, at the line's warehouse, due `produceDays` after the
 * order was placed (the order's promise moves to it when later). A product with no active BOM to
 * make it by keeps waiting as a plain backorder. Returns the production order numbers.
 */
export async function planMadeToOrder(tx: EntityManager, orderNumber: string, now: Date, timeZone: string): Promise<string[]> {
  const lines = await tx.execute<Array<{ id: number; sku: string; backordered: number; warehouse: string; placed_at: Date; produce_days: number }>>(
    `select ol.id, p.sku, ol.backordered, w.code as warehouse, o.placed_at, b.produce_days
       from order_line ol join "order" o on o.id = ol.order_id join product p on p.id = ol.product_id join warehouse w on w.id = ol.warehouse_id
       join bom b on b.product_id = p.id and b.status = 'active' and b.kind = 'make'
      where o.number = ? and p.replenishment = 'make_to_order' and ol.backordered > 0 order by ol.id`,
    [orderNumber],
  );
  const numbers: string[] = [];
  for (const line of lines) {
    const dueAt = new Date(new Date(line.placed_at).getTime() + line.produce_days * dayMs);
    const mo = await createProductionOrder(tx, { sku: line.sku, quantity: line.backordered, warehouse: line.warehouse, dueAt }, 'order', makeToOrder, now, timeZone, line.id);
    await tx.execute('update "order" set promised_at = greatest(coalesce(promised_at, ?), ?) where number = ?', [dueAt, dueAt, orderNumber]);
    numbers.push(mo.number);
  }
  return numbers;
}

/**
 * The order is cancelled (the caller holds the order and its lines): a pegged production order
 * that has made nothing is cancelled with it (its reservations released); one already running
 * goes on unpegged, its output to free stock, and ops hear of it once (`production.detached`).
 */
export async function settlePeggedProduction(tx: EntityManager, orderId: number, orderNumber: string, actor: Actor, now: Date): Promise<void> {
  const pegged = await tx.execute<Array<{ number: string; status: string }>>(
    `select mo.number, mo.status from production_order mo join order_line ol on ol.id = mo.order_line_id
      where ol.order_id = ? and mo.status in ('draft', 'released', 'in_progress') order by mo.id`,
    [orderId],
  );
  for (const { number, status } of pegged) {
    if (status !== 'in_progress') {
      await cancelProductionOrder(tx, number, actor, now, `Order ${orderNumber} was cancelled`);
      continue;
    }
    const mo = await lockProductionOrder(tx, number);
    mo.orderLine = null;
    mo.version += 1;
    audit(tx, actor, { entityType: 'production_order', entityId: number, action: 'production.detached', after: { orderNumber } });
    publish(tx, 'production.detached', { type: 'order', id: orderNumber }, { productionOrder: number, sku: mo.product.sku, good: mo.quantityGood, planned: mo.quantityPlanned });
    await tx.flush();
  }
}

/** SQL condition: order `o` has a line still waiting for a pegged production order (it cannot be picked yet). */
export const waitingForProduction = (order: string) => `exists (select 1 from order_line wl join production_order wm on wm.order_line_id = wl.id
  where wl.order_id = ${order}.id and wl.backordered > 0 and wm.status in ('draft', 'released', 'in_progress'))`;
