import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { cancelProductionOrder, createProductionOrder, lockProductionOrder, type OutputPegging, type Peg } from '../manufacturing/index.ts';
import { reservingStatuses, type OrderStatus } from './order-state.ts';
import { OrderLineSupply } from './order-line-supply.entity.ts';

const dayMs = 86_400_000;
/** Who creates the production orders of make-to-order lines. */
const makeToOrder: Actor = { type: 'system', id: 'make-to-order' };

/**
 * Make-to-order, in the transaction that placed the order: each line of a `make_to_order`
 * product reserved what was in stock and waits (backordered) for the rest; that rest becomes a
 * draft production order supplying the line (`order_line_supply`), at the line's warehouse, due
 * `produceDays` after the order was placed (the order's promise moves to it when later). A
 * product with no active BOM to make it by keeps waiting as a plain backorder.
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
    const mo = await createProductionOrder(tx, { sku: line.sku, quantity: line.backordered, warehouse: line.warehouse, dueAt }, 'order', makeToOrder, now, timeZone);
    tx.create(OrderLineSupply, { orderLine: line.id, productionOrder: mo, quantity: line.backordered });
    await tx.execute('update "order" set promised_at = greatest(coalesce(promised_at, ?), ?) where number = ?', [dueAt, dueAt, orderNumber]);
    numbers.push(mo.number);
  }
  await tx.flush();
  return numbers;
}

/**
 * The order is cancelled (the caller holds the order and its lines): a production order making
 * units for it that has made nothing is cancelled with it (its reservations released); one
 * already running goes on without the order, its output to free stock, and ops hear of it once
 * (`production.detached`).
 */
export async function settlePeggedProduction(tx: EntityManager, orderId: number, orderNumber: string, actor: Actor, now: Date): Promise<void> {
  const supplies = await tx.execute<Array<{ supply: number; number: string; status: string }>>(
    `select s.id as supply, mo.number, mo.status from order_line_supply s join production_order mo on mo.id = s.production_order_id join order_line ol on ol.id = s.order_line_id
      where ol.order_id = ? and mo.status in ('draft', 'released', 'in_progress') order by mo.id`,
    [orderId],
  );
  for (const { supply, number, status } of supplies) {
    if (status !== 'in_progress') {
      await cancelProductionOrder(tx, number, actor, now, `Order ${orderNumber} was cancelled`);
      continue;
    }
    const mo = await lockProductionOrder(tx, number);
    await tx.nativeDelete(OrderLineSupply, { id: supply });
    mo.version += 1;
    audit(tx, actor, { entityType: 'production_order', entityId: number, action: 'production.detached', after: { orderNumber } });
    publish(tx, 'production.detached', { type: 'order', id: orderNumber }, { productionOrder: number, sku: mo.product.sku, good: mo.quantityGood, planned: mo.quantityPlanned });
    await tx.flush();
  }
}

/** SQL condition: order `o` has a line still waiting for a production order making its units (it cannot be picked yet). */
export const waitingForProduction = (order: string) => `exists (select 1 from order_line wl join order_line_supply ws on ws.order_line_id = wl.id
  join production_order wm on wm.id = ws.production_order_id where wl.order_id = ${order}.id and wl.backordered > 0 and wm.status in ('draft', 'released', 'in_progress'))`;

/**
 * Where made units go (manufacturing calls it while reporting output, with the MO locked): the
 * order line the MO supplies takes what it still waits for (backordered units become reserved;
 * manufacturing posts the matching `reservation` in the same ledger call as the output). When
 * nothing of the order waits any more, `order.ready` is published once: the customer hears it
 * can be packed. An order no longer holding stock (cancelled) or a line at another warehouse
 * takes nothing. The order row is locked before the MO: its own writers (cancel) lock the order,
 * then its lines, then the MO.
 */
export const outputPegging: OutputPegging = {
  lockOrderOf: async (tx, number) => {
    await tx.execute(`select 1 from "order" where id = (select ol.order_id from order_line_supply s join order_line ol on ol.id = s.order_line_id
      join production_order mo on mo.id = s.production_order_id where mo.number = ?) for update`, [number]);
  },
  take: async (tx, productionOrderId, warehouseId, units, now): Promise<Peg | null> => {
    const [line] = await tx.execute<Array<{ id: number; order_id: number; number: string; status: OrderStatus; backordered: number; warehouse_id: number }>>(
      `select ol.id, ol.order_id, o.number, o.status, ol.backordered, ol.warehouse_id from order_line_supply s join order_line ol on ol.id = s.order_line_id
         join "order" o on o.id = ol.order_id where s.production_order_id = ? for update of ol`,
      [productionOrderId],
    );
    if (!line || !reservingStatuses.has(line.status) || line.warehouse_id !== warehouseId) return null;
    const take = Math.min(units, line.backordered);
    if (take === 0) return { units: 0, orderNumber: line.number, warehouseId, ready: false };
    await tx.execute('update order_line set backordered = backordered - ?, reserved = reserved + ? where id = ?', [take, take, line.id]);
    const [waiting] = await tx.execute<Array<{ units: string }>>('select coalesce(sum(backordered), 0) as units from order_line where order_id = ?', [line.order_id]);
    const ready = Number(waiting!.units) === 0;
    if (ready) publish(tx, 'order.ready', { type: 'order', id: line.number }, { orderNumber: line.number, readyAt: now.toISOString() });
    return { units: take, orderNumber: line.number, warehouseId, ready };
  },
};
