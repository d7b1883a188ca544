import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { applyStatusChange, creditForPayment, Order, recheckHeldOrders, type PaymentMethod } from '../orders/index.ts';
import { Payment, PaymentLink, type PaymentState } from './payment.entity.ts';
import { outstanding, paymentStatusOf, totalsOf, type PaymentTotals } from './payment-status.ts';

/** An order locked for a change of its money: concurrent payments of one order queue here. */
export async function lockOrder(tx: EntityManager, number: string, actor?: Actor): Promise<Order> {
  const order = await tx.findOne(Order, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const owner = actor ? customerIdOf(actor) : null;
  if (!order || (owner !== null && order.customer.id !== owner)) throw new AppError('not_found', `No order ${number}`, { number });
  return order;
}

export async function paymentsOfOrder(em: EntityManager, order: Order): Promise<Payment[]> {
  return em.find(Payment, { order }, { orderBy: { id: 'asc' } });
}

/**
 * The order's totals and status from its rows (read unless the caller has them); the stored
 * status follows (the order's version too, when it changed). An open payment page matters only
 * while nothing is paid.
 */
export async function refreshPaymentStatus(tx: EntityManager, order: Order, known?: Payment[]): Promise<PaymentTotals> {
  const totals = totalsOf(known ?? (await paymentsOfOrder(tx, order)));
  const linkOpen = totals.paidMinor === 0 && !['cancelled', 'rejected'].includes(order.status) && (await tx.count(PaymentLink, { order })) > 0;
  const status = paymentStatusOf(totals, order.totalMinor, linkOpen);
  if (status !== order.paymentStatus) {
    order.paymentStatus = status;
    order.version += 1;
  }
  return totals;
}

export interface PaymentInput {
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  state: Extract<PaymentState, 'collected' | 'succeeded'>;
  provider: string;
  reference?: string | undefined;
  note?: string | undefined;
  /** Money a provider already took: recorded even above what is due (the excess is then refunded). */
  excessAllowed?: boolean;
}

/**
 * Money in. Refused (422 `overpayment`) above what is still due, and in another currency than
 * the order's. The same provider reference is recorded once: a repeat returns null.
 */
export async function recordPayment(tx: EntityManager, order: Order, input: PaymentInput, actor: Actor): Promise<Payment | null> {
  if (input.currency !== order.currency) throw new AppError('rule_violation', `Order ${order.number} is in ${order.currency}, not ${input.currency}`, { currency: order.currency });
  if (input.reference && (await tx.count(Payment, { kind: 'payment', provider: input.provider, reference: input.reference })) > 0) return null;
  const rows = await paymentsOfOrder(tx, order);
  const { dueMinor } = outstanding(totalsOf(rows), order.totalMinor);
  if (input.amountMinor > dueMinor && !input.excessAllowed) {
    throw new AppError('overpayment', `Order ${order.number} has ${dueMinor} ${order.currency} (minor units) still to pay`, { dueMinor, amountMinor: input.amountMinor, currency: order.currency });
  }
  const payment = tx.create(Payment, {
    order, kind: 'payment', method: input.method, state: input.state, amountMinor: input.amountMinor, currency: input.currency,
    provider: input.provider, reference: input.reference ?? null, note: input.note ?? null, recordedBy: actorLabel(actor),
    settledAt: input.state === 'succeeded' ? new Date() : null, idempotencyKey: null,
  });
  await tx.flush();
  const totals = await refreshPaymentStatus(tx, order, [...rows, payment]);
  if (order.account) {
    // A company's payment lowers its credit exposure once; orders it held may now fit.
    await creditForPayment(tx, order, payment.id, input.amountMinor, actor);
    await recheckHeldOrders(tx, order.account.id, new Date(), (change) => applyStatusChange(tx, change));
  }
  audit(tx, actor, { entityType: 'order', entityId: order.number, action: 'payment.received', after: { amountMinor: input.amountMinor, method: input.method, provider: input.provider, reference: input.reference ?? null, state: input.state } });
  publish(tx, 'payment.received', { type: 'order', id: order.number }, {
    orderNumber: order.number, amountMinor: input.amountMinor, currency: order.currency, method: input.method, paymentStatus: order.paymentStatus, paidMinor: totals.paidMinor,
  });
  await tx.flush();
  return payment;
}

/** Providers that refund by API (a refund of their payments goes back through them). */
export type RefundRoute = (provider: string | null) => boolean;

/**
 * Money out, owed to the customer. Refused (422 `refund_exceeds_paid`) above what was paid and
 * not refunded yet. What a provider collected goes back through it (`pending` until it
 * confirms); the rest is `owed` until finance pays it. `key` makes a repeat request a no-op.
 */
export async function requestRefund(tx: EntityManager, order: Order, input: { amountMinor: number; key: string; reason: string }, refundsByApi: RefundRoute, actor: Actor): Promise<Payment[]> {
  const existing = await tx.find(Payment, { order, kind: 'refund', idempotencyKey: { $like: `${input.key}:%` } });
  if (existing.length > 0) return existing;
  const rows = await paymentsOfOrder(tx, order);
  const { refundableMinor } = outstanding(totalsOf(rows), order.totalMinor);
  if (input.amountMinor <= 0 || input.amountMinor > refundableMinor) {
    throw new AppError('refund_exceeds_paid', `Order ${order.number} has ${refundableMinor} ${order.currency} (minor units) that can be refunded`, { refundableMinor, amountMinor: input.amountMinor, currency: order.currency });
  }
  // Through the provider first, up to what it collected and has not refunded yet.
  const byApi = rows.filter((row) => row.kind === 'payment' && row.state === 'succeeded' && refundsByApi(row.provider ?? null));
  const parts: Array<{ state: PaymentState; provider: string | null; reference: string | null; amountMinor: number; method: PaymentMethod }> = [];
  let left = input.amountMinor;
  for (const payment of byApi) {
    const taken = rows.filter((row) => row.kind === 'refund' && row.reference === payment.reference && row.state !== 'failed').reduce((sum, row) => sum + row.amountMinor, 0);
    const amount = Math.min(left, payment.amountMinor - taken);
    if (amount <= 0) continue;
    parts.push({ state: 'pending', provider: payment.provider ?? null, reference: payment.reference ?? null, amountMinor: amount, method: payment.method });
    left -= amount;
  }
  if (left > 0) parts.push({ state: 'owed', provider: null, reference: null, amountMinor: left, method: order.paymentMethod });
  const refunds = parts.map((part, index) => tx.create(Payment, {
    order, kind: 'refund', method: part.method, state: part.state, amountMinor: part.amountMinor, currency: order.currency,
    provider: part.provider, reference: part.reference, idempotencyKey: `${input.key}:${index}`, note: input.reason.slice(0, 500),
    recordedBy: actorLabel(actor), settledAt: null,
  }));
  await tx.flush();
  await refreshPaymentStatus(tx, order, [...rows, ...refunds]);
  audit(tx, actor, { entityType: 'order', entityId: order.number, action: 'payment.refund_requested', after: { amountMinor: input.amountMinor, reason: input.reason, parts: parts.map((part) => part.state) } });
  publish(tx, 'payment.refund_requested', { type: 'order', id: order.number }, { orderNumber: order.number, amountMinor: input.amountMinor, currency: order.currency });
  await tx.flush();
  return refunds;
}

/**
 * A refund is done (the provider confirmed it, or finance paid it back by hand). When the order
 * is then refunded in full, a return waiting for its refund is marked refunded with it.
 */
export async function completeRefund(tx: EntityManager, refund: Payment, providerReference: string | null, actor: Actor): Promise<void> {
  if (refund.state === 'succeeded') return;
  refund.state = 'succeeded';
  refund.settledAt = new Date();
  if (providerReference) refund.note = [refund.note, `refund ${providerReference}`].filter(Boolean).join('; ');
  await tx.flush();
  const order = refund.order;
  const totals = await refreshPaymentStatus(tx, order);
  audit(tx, actor, { entityType: 'order', entityId: order.number, action: 'payment.refunded', after: { amountMinor: refund.amountMinor, provider: refund.provider, reference: providerReference } });
  publish(tx, 'payment.refunded', { type: 'order', id: order.number }, {
    orderNumber: order.number, amountMinor: refund.amountMinor, currency: order.currency, refundedMinor: totals.refundedMinor, paymentStatus: order.paymentStatus,
  });
  if (totals.refundingMinor === 0) {
    // The return's own record follows the money (returns live in core/service; one statement, same transaction).
    await tx.execute(`update return_request set refund_status = 'refunded' where order_id = ? and refund_status = 'pending' and status in ('approved', 'received')`, [order.id], 'run');
  }
  await tx.flush();
}
