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
}

function topicFor(from: OrderStatus, to: OrderStatus): OutboxTopic {
  if (from === 'pending_approval' && to === 'confirmed') return 'order.approved';
  if (to === 'rejected') return 'order.rejected';
  if (to === 'cancelled') return 'order.cancelled';
  return 'order.status_changed';
}

/**
 * Applies one status change through the transition table, inside the caller's transaction
 * (pick lists move many orders in one), with the row locked: of two racing changes the second
 * sees the first's result (so a double cancel releases stock once and the loser gets
 * `invalid_transition`). The actor's right is checked here, whoever calls: a customer reaches
 * only their own orders (others are `not_found`), staff and API keys need the permission of
 * the step. Stock follows the status: cancel and reject release reservations, shipping turns
 * them into a shipment.
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

  const lines = await tx.find(OrderLine, { order }, { orderBy: { product: 'asc' } });
  const stock: StockLine[] = lines.map((line) => ({ warehouseId: line.warehouse.id, productId: line.product.id, sku: line.sku, quantity: line.quantity }));
  if ((change.to === 'cancelled' || change.to === 'rejected') && reservingStatuses.has(from)) {
    await releaseLines(tx, stock, order.number, change.actor);
    await rearmStockAlerts(tx, stock);
  }
  if (change.to === 'shipped' && reservingStatuses.has(from)) {
    await shipLines(tx, stock, order.number, change.actor);
  }
  if (change.to === 'completed' && reservingStatuses.has(from)) {
    // Only services are delivered without a parcel: marked fulfilled, their reservation is used up.
    const goods = await tx.execute<Array<{ sku: string }>>(`select ol.sku from order_line ol join product p on p.id = ol.product_id where ol.order_id = ? and p.kind <> 'service'`, [order.id]);
    if (goods.length > 0) throw new AppError('invalid_transition', `Order ${order.number} has goods to ship (${goods.map((line) => line.sku).join(', ')}); only an order of services alone is fulfilled without shipping`, { from, to: change.to });
    await shipLines(tx, stock, order.number, change.actor);
  }

  order.status = change.to;
  order.version += 1;
  if (change.reason) order.statusReason = change.reason;
  audit(tx, change.actor, { entityType: 'order', entityId: order.number, action: `order.${change.to}`, before: { status: from }, after: { status: change.to, reason: change.reason ?? null } });
  if (change.within) await change.within(tx, order);
  publish(tx, topicFor(from, change.to), { type: 'order', id: order.number }, {
    ...change.details, orderNumber: order.number, customerId: order.customer.id, from, to: change.to, reason: change.reason ?? null,
  });
  await tx.flush();
  return toOrderView(order, lines);
}
