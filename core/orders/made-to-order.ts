import type { EntityManager } from '@mikro-orm/postgresql';
import { publish } from '../shared/outbox.ts';
import { reservingStatuses, type OrderStatus } from './order-state.ts';

/** Units of a production order's output taken by the order line it was made for. */
export interface Peg {
  units: number;
  orderNumber: string;
  warehouseId: number;
  /** Nothing of the order waits any more: it can be packed. */
  ready: boolean;
}

/**
 * Made units for a make-to-order line (the caller holds the order row, then the MO row): the
 * line takes what it still waits for (its backordered units become reserved; the caller posts
 * the matching `reservation` movement in the same ledger call as the output). When nothing of
 * the order waits any more, `order.ready` is published once: the customer hears it can be packed.
 * An order no longer holding stock (cancelled) or a line at another warehouse takes nothing.
 */
export async function pegMadeUnits(tx: EntityManager, orderLineId: number, warehouseId: number, units: number, now: Date): Promise<Peg | null> {
  const [line] = await tx.execute<Array<{ order_id: number; number: string; status: OrderStatus; backordered: number; warehouse_id: number }>>(
    `select ol.order_id, o.number, o.status, ol.backordered, ol.warehouse_id from order_line ol join "order" o on o.id = ol.order_id where ol.id = ? for update of ol`,
    [orderLineId],
  );
  if (!line || !reservingStatuses.has(line.status) || line.warehouse_id !== warehouseId) return null;
  const take = Math.min(units, line.backordered);
  if (take === 0) return { units: 0, orderNumber: line.number, warehouseId, ready: false };
  await tx.execute('update order_line set backordered = backordered - ?, reserved = reserved + ? where id = ?', [take, take, orderLineId]);
  const [waiting] = await tx.execute<Array<{ units: string }>>('select coalesce(sum(backordered), 0) as units from order_line where order_id = ?', [line.order_id]);
  const ready = Number(waiting!.units) === 0;
  if (ready) publish(tx, 'order.ready', { type: 'order', id: line.number }, { orderNumber: line.number, readyAt: now.toISOString() });
  return { units: take, orderNumber: line.number, warehouseId, ready };
}
