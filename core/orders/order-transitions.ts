import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish, type OutboxTopic } from '../shared/outbox.ts';
import { rearmStockAlerts, releaseLines, shipLines, type StockLine } from '../inventory/index.ts';
import { Order, OrderLine } from './order.entity.ts';
import { assertTransition, reservingStatuses, type OrderStatus } from './order-state.ts';
import { toOrderView, type OrderView } from './order.view.ts';

/** A requested status change. */
export interface StatusChange {
  number: string;
  to: OrderStatus;
  actor: Actor;
  /** Required for rejections and staff cancellations of orders already being picked. */
  reason?: string | undefined;
  /** When set, the change applies only to an order still of this customer (chat channels). */
  customerId?: number | undefined;
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
 * Applies one status change through the transition table, in one transaction, with the row
 * locked: of two racing changes the second sees the first's result (so a double cancel releases
 * stock once and the loser gets `invalid_transition`). Stock follows the status: cancel and
 * reject release reservations, shipping turns them into a shipment.
 */
export async function changeOrderStatus(em: EntityManager, change: StatusChange): Promise<OrderView> {
  return em.fork().transactional((tx) => applyStatusChange(tx, change));
}

/** `changeOrderStatus` inside the caller's transaction (pick lists move many orders in one). */
export async function applyStatusChange(tx: EntityManager, change: StatusChange): Promise<OrderView> {
  const order = await tx.findOne(Order, { number: change.number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!order || (change.customerId !== undefined && order.customer.id !== change.customerId)) {
    throw new AppError('not_found', `No order ${change.number}`, { number: change.number });
  }
  const from = order.status;
  assertTransition(from, change.to, change.actor.type, change.reason);

  const lines = await tx.find(OrderLine, { order }, { orderBy: { product: 'asc' } });
  const stock: StockLine[] = lines.map((line) => ({ warehouseId: line.warehouse.id, productId: line.product.id, sku: line.sku, quantity: line.quantity }));
  if ((change.to === 'cancelled' || change.to === 'rejected') && reservingStatuses.has(from)) {
    await releaseLines(tx, stock, order.number, change.actor);
    await rearmStockAlerts(tx, stock);
  }
  if (change.to === 'shipped' && reservingStatuses.has(from)) {
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
