import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, customerActor, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { nextDocumentNumber } from '../shared/document-number.ts';
import { publish } from '../shared/outbox.ts';
import { postRequired, rearmStockAlerts } from '../inventory/index.ts';
import { applyStatusChange, Order, OrderLine } from '../orders/index.ts';
import { completeRefund, lockOrder, outstanding, Payment, paymentsOfOrder, requestRefund, totalsOf, type RefundRoute } from '../payments/index.ts';
import { ReturnRequest, type ReturnStatus } from './return.entity.ts';
import { returnLifecycle } from './return-state.ts';


export interface ReturnView {
  rma: string;
  orderNumber: string;
  status: ReturnStatus;
  reason: string;
  resolution: string | null;
  refundStatus: string;
  lines: Array<{ sku: string; quantity: number }>;
}

function toView(request: ReturnRequest): ReturnView {
  return {
    rma: request.rma, orderNumber: request.order.number, status: request.status, reason: request.reason,
    resolution: request.resolution ?? null, refundStatus: request.refundStatus, lines: request.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
  };
}

/**
 * A return requested by the customer of a delivered order, within `windowDays` of delivery: the
 * order becomes `return_requested`, the request gets an RMA number, and staff are asked in Slack.
 */
export async function requestReturn(tx: EntityManager, input: { orderNumber: string; customerId: number; reason: string; now: Date; windowDays: number }): Promise<ReturnView> {
  const order = await tx.findOne(Order, { number: input.orderNumber, customer: input.customerId });
  if (!order) throw new AppError('not_found', `No order ${input.orderNumber}`, { number: input.orderNumber });
  if (order.status !== 'delivered' && order.status !== 'completed') throw new AppError('invalid_transition', `Order ${order.number} is ${order.status}; only delivered orders can be returned`, { status: order.status });
  const [delivered] = await tx.execute<Array<{ at: Date | null }>>("select max(created_at) as at from audit_entry where entity_type = 'order' and entity_id = ? and action = 'order.delivered'", [order.number]);
  const deliveredAt = delivered?.at ? new Date(delivered.at) : order.updatedAt;
  if (input.now.getTime() - deliveredAt.getTime() > input.windowDays * 86_400_000) {
    throw new AppError('rule_violation', `The ${input.windowDays}-day return window of order ${order.number} has closed`, { deliveredAt: deliveredAt.toISOString(), windowDays: input.windowDays });
  }
  // What was shipped comes back (units cancelled after a short pick never left); a booked service's time cannot.
  const lines = (await tx.find(OrderLine, { order }, { orderBy: { id: 'asc' } })).filter((line) => line.shipped > 0 && line.stocked);
  if (lines.length === 0) throw new AppError('rule_violation', `Order ${order.number} has nothing to send back (a booked service is not returned: ask us about a refund)`, { number: order.number });
  await applyStatusChange(tx, { number: order.number, to: 'return_requested', actor: customerActor(input.customerId), reason: input.reason });
  const rma = await nextDocumentNumber(tx, 'return_rma_seq', 'RMA');
  const request = tx.create(ReturnRequest, {
    rma, order, customer: input.customerId, reason: input.reason.slice(0, 1000),
    lines: lines.map((line) => ({ productId: line.product.id, sku: line.sku, quantity: line.shipped, warehouseId: line.warehouse.id })),
  });
  publish(tx, 'return.requested', { type: 'return', id: request.rma }, { rma: request.rma, orderNumber: order.number, customerId: input.customerId });
  await tx.flush();
  return toView(request);
}

async function lockedReturn(tx: EntityManager, rma: string, to: ReturnStatus | 'refunded'): Promise<ReturnRequest> {
  const request = await tx.findOne(ReturnRequest, { rma }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!request) throw new AppError('not_found', `No return ${rma}`, { rma });
  await tx.populate(request, ['order']);
  // A refund is recorded once the return was approved (before or after the goods are back).
  if (to === 'refunded') {
    if (request.status !== 'approved' && request.status !== 'received') throw new AppError('invalid_transition', `Return ${rma} is ${request.status}`, { status: request.status });
  } else {
    returnLifecycle.assert(request.status, to, rma);
  }
  return request;
}

/** Staff decide: approved (the customer sends it back) or rejected (the order is completed, with the reason). First decision wins. */
export async function decideReturn(tx: EntityManager, rma: string, approve: boolean, actor: Actor, reason?: string): Promise<ReturnView> {
  if (!approve && !reason?.trim()) throw new AppError('invalid_input', 'A rejection needs a reason');
  const request = await lockedReturn(tx, rma, approve ? 'approved' : 'rejected');
  request.status = approve ? 'approved' : 'rejected';
  request.decidedBy = actorLabel(actor);
  if (!approve) {
    request.refundStatus = 'none';
    await applyStatusChange(tx, { number: request.order.number, to: 'completed', actor, reason: `Return ${rma} rejected: ${reason}` });
  }
  audit(tx, actor, { entityType: 'return', entityId: rma, action: `return.${request.status}`, after: { reason: reason ?? null } });
  publish(tx, 'return.decided', { type: 'return', id: rma }, { rma, orderNumber: request.order.number, approved: approve, reason: reason ?? null });
  await tx.flush();
  return toView(request);
}

/**
 * The goods are back: restocked (on-hand rises at the line's warehouse, through the ledger) or
 * written off (damaged; stock unchanged). The order becomes `returned`; the refund is pending.
 */
export async function receiveReturn(tx: EntityManager, rma: string, resolution: 'restock' | 'write_off', actor: Actor): Promise<ReturnView> {
  const request = await lockedReturn(tx, rma, 'received');
  if (resolution === 'restock') {
    await postRequired(tx, request.lines.map((line) => ({ warehouseId: line.warehouseId, productId: line.productId, kind: 'receipt' as const, onHandDelta: line.quantity, reservedDelta: 0, reference: rma, actor })));
    await rearmStockAlerts(tx, request.lines);
  }
  request.status = 'received';
  request.resolution = resolution;
  request.receivedAt = new Date();
  await applyStatusChange(tx, { number: request.order.number, to: 'returned', actor, reason: `${rma}: ${resolution}` });
  audit(tx, actor, { entityType: 'return', entityId: rma, action: 'return.received', after: { resolution } });
  await tx.flush();
  return toView(request);
}

/**
 * Finance records the return's refund: what the order was paid and not refunded yet is refunded
 * (once: the same key as the payment sweep's), the part owed by hand is marked paid, and a part
 * the provider refunds completes when it confirms. An order never paid has nothing to refund (422).
 */
export async function markReturnRefunded(tx: EntityManager, rma: string, actor: Actor, refundsByApi: RefundRoute): Promise<ReturnView> {
  const request = await lockedReturn(tx, rma, 'refunded');
  if (request.refundStatus !== 'pending') throw new AppError('invalid_transition', `Return ${rma} refund is ${request.refundStatus}`, { refundStatus: request.refundStatus });
  const order = await lockOrder(tx, request.order.number);
  const totals = totalsOf(await paymentsOfOrder(tx, order));
  if (totals.paidMinor === 0) throw new AppError('rule_violation', `Order ${order.number} was never paid; there is nothing to refund`, { paymentStatus: order.paymentStatus });
  const { refundableMinor } = outstanding(totals, order.totalMinor);
  if (refundableMinor > 0) await requestRefund(tx, order, { amountMinor: refundableMinor, key: `refund:closed:${order.number}`, reason: `return ${rma}` }, refundsByApi, actor);
  for (const owed of await tx.find(Payment, { order, kind: 'refund', state: 'owed' }, { populate: ['order'] })) await completeRefund(tx, owed, null, actor);
  if (totalsOf(await paymentsOfOrder(tx, order)).refundingMinor === 0) {
    request.refundStatus = 'refunded';
    publish(tx, 'return.refunded', { type: 'return', id: rma }, { rma, orderNumber: order.number });
  }
  audit(tx, actor, { entityType: 'return', entityId: rma, action: 'return.refund_recorded', after: { refundStatus: request.refundStatus } });
  await tx.flush();
  return toView(request);
}

export async function getReturn(em: EntityManager, rma: string): Promise<ReturnView> {
  const request = await em.findOne(ReturnRequest, { rma }, { populate: ['order'] });
  if (!request) throw new AppError('not_found', `No return ${rma}`, { rma });
  return toView(request);
}
