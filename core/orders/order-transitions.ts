import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish, type OutboxTopic } from '../shared/outbox.ts';
import { rearmStockAlerts, releaseLines, shipLines, type StockLine } from '../inventory/index.ts';
import { Order, OrderLine } from './order.entity.ts';
import { checkTransition, reservingStatuses, transitionPermission, type OrderStatus } from './order-state.ts';
import { toOrderView, type OrderView } from './order.view.ts';
import { followCredit } from './credit-hold.ts';
import { settlePeggedProduction, waitingForProduction } from './made-to-order.ts';

/** A requested status change. */
export interface StatusChange {
  number: string;
  to: OrderStatus;
  actor: Actor;
  /** Required for rejections and staff cancellations of orders already being picked. */
  reason?: string | undefined;
  /** Extra facts for the outbox event (carrier and tracking number when shipped). */
  details?: Record<string, unknown> | undefined;
  /** Runs inside the transaction after the status changed (e.g. write the shipment row). */
  within?: ((tx: EntityManager, order: Order) => Promise<void>) | undefined;
  /**
   * Shipping: the units leaving now, per order line id (what was scanned). Absent: everything
   * reserved. The order becomes `partially_shipped` instead of `shipped` while units remain.
   */
  units?: ReadonlyMap<number, number> | undefined;
  /** Leaving `credit_hold` because the account's credit was checked and counted (not a staff override). */
  creditChecked?: boolean | undefined;
}

function topicFor(from: OrderStatus, to: OrderStatus): OutboxTopic {
  if (from === 'pending_approval' && to === 'confirmed') return 'order.approved';
  if (to === 'rejected') return 'order.rejected';
  if (to === 'cancelled') return 'order.cancelled';
  return 'order.status_changed';
}

/** An order's lines, locked (FOR UPDATE) and refreshed: what a writer of their counters must start from. */
export async function lockedLines(tx: EntityManager, order: Order): Promise<OrderLine[]> {
  return tx.find(OrderLine, { order }, { orderBy: { product: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

const held = (line: OrderLine, quantity = line.reserved): StockLine => ({ warehouseId: line.warehouse.id, productId: line.product.id, sku: line.sku, quantity });

/**
 * Stock follows the status, on lines the caller locked: cancel and reject cancel every unit not
 * shipped (written first, so the release cannot refill this order's own backorders) and
 * release what was reserved, after settling production orders pegged to the order; shipping turns the units leaving into a shipment (the order is only
 * `partially_shipped` while others remain reserved or backordered, and stock that is free for
 * its backorders is taken now); an order of services alone is completed with what it reserved.
 * Returns the status the order takes.
 */
async function moveStock(tx: EntityManager, order: Order, lines: OrderLine[], from: OrderStatus, change: StatusChange): Promise<OrderStatus> {
  if (!reservingStatuses.has(from)) return change.to;
  if (change.to === 'cancelled' || change.to === 'rejected') {
    await settlePeggedProduction(tx, order.id, order.number, change.actor, new Date());
    const stock = lines.filter((line) => line.reserved > 0 && line.stocked).map((line) => held(line));
    for (const line of lines) {
      line.cancelled += line.reserved + line.backordered;
      line.reserved = 0;
      line.backordered = 0;
    }
    await tx.flush();
    await releaseLines(tx, stock, order.number, change.actor);
    await rearmStockAlerts(tx, stock);
    return change.to;
  }
  if (change.to === 'picking') {
    const [waiting] = await tx.execute<Array<{ waiting: boolean }>>(`select ${waitingForProduction('o')} as waiting from "order" o where o.id = ?`, [order.id]);
    if (waiting?.waiting) throw new AppError('invalid_transition', `Order ${order.number} waits for units being made to order; it is picked once they are made`, { from, to: change.to });
  }
  if (change.to === 'completed') {
    // Only services are delivered without a parcel: marked fulfilled, their reservation is used up.
    const goods = await tx.execute<Array<{ sku: string }>>(`select ol.sku from order_line ol join product p on p.id = ol.product_id where ol.order_id = ? and p.kind <> 'service'`, [order.id]);
    if (goods.length > 0) throw new AppError('invalid_transition', `Order ${order.number} has goods to ship (${goods.map((line) => line.sku).join(', ')}); only an order of services alone is fulfilled without shipping`, { from, to: change.to });
  }
  if (change.to !== 'shipped' && change.to !== 'completed') return change.to;
  const leaving = lines.map((line) => Math.min(line.reserved, change.units ? (change.units.get(line.id) ?? 0) : line.reserved));
  // A booked service's unit was the booking's time: it is done, no stock leaves.
  await shipLines(tx, lines.flatMap((line, index) => (leaving[index]! > 0 && line.stocked ? [held(line, leaving[index])] : [])), order.number, change.actor);
  lines.forEach((line, index) => {
    line.reserved -= leaving[index]!;
    line.shipped += leaving[index]!;
  });
  const remaining = lines.some((line) => line.reserved + line.backordered > 0);
  if (remaining && change.to === 'completed') throw new AppError('invalid_transition', `Order ${order.number} still waits for backordered units`, { from, to: change.to });
  const waiting = lines.filter((line) => line.backordered > 0);
  if (waiting.length > 0) {
    // A fill that ran while these lines were held skipped them: take what is free for them now.
    await tx.flush();
    await tx.execute('select fill_backorders(?::jsonb)', [JSON.stringify(waiting.map((line) => ({ warehouseId: line.warehouse.id, productId: line.product.id })))]);
    for (const line of waiting) await tx.refresh(line);
  }
  return remaining ? 'partially_shipped' : change.to;
}

/**
 * Applies one status change through the transition table, inside the caller's transaction
 * (pick lists move many orders in one), with the row locked: of two racing changes the second
 * sees the first's result (so a double cancel releases stock once and the loser gets
 * `invalid_transition`). The actor's right is checked here, whoever calls: a customer reaches
 * only their own orders (others are `not_found`), staff and API keys need the permission of
 * the step. Stock follows the status (`moveStock`).
 */
export async function applyStatusChange(tx: EntityManager, change: StatusChange): Promise<OrderView> {
  const order = await tx.findOne(Order, { number: change.number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const owner = customerIdOf(change.actor);
  if (!order || (owner !== null && order.customer.id !== owner)) {
    throw new AppError('not_found', `No order ${change.number}`, { number: change.number });
  }
  const from = order.status;
  // A step that does not exist is a conflict (409) for anybody; then the actor's right (403,
  // naming the missing role or scope); then who may take that step and whether a reason is due.
  const refusal = checkTransition(from, change.to, change.actor.type, change.reason);
  if (refusal?.code === 'invalid_transition') throw refusal;
  authorize(change.actor, transitionPermission(from, change.to));
  if (refusal) throw refusal;

  // The order's lines, locked and read fresh (a backorder may have been filled since they were last read).
  const lines = await lockedLines(tx, order);
  // A booking's order follows its booking (the system does it): cancelling or completing it goes through the booking.
  if ((change.to === 'cancelled' || change.to === 'completed') && change.actor.type !== 'system' && lines.some((line) => !line.stocked)) {
    throw new AppError('invalid_transition', `Order ${order.number} is a booking's: cancel or complete the booking instead`, { from, to: change.to });
  }
  const to = await moveStock(tx, order, lines, from, change);
  // Read apart from the locking read above: a FOR UPDATE with a join would lock the account row before stock rows.
  if (order.account) await tx.populate(order, ['account']);
  await followCredit(tx, order, from, to, change, new Date());

  order.status = to;
  order.version += 1;
  if (change.reason) order.statusReason = change.reason;
  audit(tx, change.actor, { entityType: 'order', entityId: order.number, action: `order.${to}`, before: { status: from }, after: { status: to, reason: change.reason ?? null } });
  if (change.within) await change.within(tx, order);
  publish(tx, topicFor(from, to), { type: 'order', id: order.number }, {
    ...change.details, orderNumber: order.number, customerId: order.customer.id, from, to, reason: change.reason ?? null,
  });
  await tx.flush();
  return toOrderView(order, lines);
}
