import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { jobActor, type Actor } from '../shared/actor.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { closeCredit, creditPayment, openCredit, overdueOrderCondition } from '../customers/credit-ledger.ts';
import { Order } from './order.entity.ts';
import type { OrderStatus } from './order-state.ts';

/** A status change as the credit rules see it (a subset of `StatusChange`). */
interface CreditChange {
  number: string;
  to: OrderStatus;
  actor: Actor;
  reason?: string | undefined;
  creditChecked?: boolean | undefined;
}

const refOf = (order: Order) => ({ accountId: order.account!.id, orderId: order.id, number: order.number });

/** Where an order released from credit hold goes: staff approval if it needed one, else confirmed. */
export const afterCreditHold = (order: Order): OrderStatus => (order.approvalReasons.length > 0 ? 'pending_approval' : 'confirmed');

/**
 * Payments recorded while the order was held did not lower the account's exposure (the order
 * counted nothing then): now that it counts, they do, each once.
 */
async function countRecordedPayments(tx: EntityManager, order: Order, actor: Actor): Promise<void> {
  const payments = await tx.execute<Array<{ id: number; amount_minor: string }>>(
    `select id, amount_minor from payment where order_id = ? and kind = 'payment' and state in ('collected', 'succeeded') order by id`, [order.id]);
  for (const payment of payments) await creditPayment(tx, refOf(order), `payment:${payment.id}`, Number(payment.amount_minor), actor);
}

/**
 * Credit follows an account order's status, inside `applyStatusChange`'s transaction: closing it
 * (cancelled, rejected, returned) takes what it counted off the exposure once; leaving
 * `credit_hold` by a person's decision is an override (the total counts whatever the limit,
 * audited); the last parcel leaving starts the clock of `due_on_fulfillment` terms.
 */
export async function followCredit(tx: EntityManager, order: Order, from: OrderStatus, to: OrderStatus, change: CreditChange, now: Date): Promise<void> {
  if (!order.account) return;
  if (to === 'cancelled' || to === 'rejected' || to === 'returned') {
    await closeCredit(tx, refOf(order), change.actor);
    return;
  }
  if (from === 'credit_hold' && !change.creditChecked) {
    await openCredit(tx, refOf(order), order.totalMinor, false, change.actor);
    await countRecordedPayments(tx, order, change.actor);
    audit(tx, change.actor, { entityType: 'order', entityId: order.number, action: 'order.credit_override', before: { status: from, hold: order.statusReason ?? null }, after: { status: to, totalMinor: order.totalMinor } });
  }
  if (to === 'shipped' && order.paymentTerms === 'due_on_fulfillment' && !order.paymentDueAt) order.paymentDueAt = now;
}

/** Money arrived for an account order: it lowers the exposure (once per payment). */
export async function creditForPayment(tx: EntityManager, order: Order, paymentId: number, amountMinor: number, actor: Actor): Promise<void> {
  if (!order.account || order.status === 'credit_hold') return;
  await creditPayment(tx, refOf(order), `payment:${paymentId}`, amountMinor, actor);
}

/**
 * Room may have grown on the account (a payment, a higher limit): its held orders are tried
 * again oldest first, each with the same conditional UPDATE as intake; those that fit now go on
 * (to approval if they need it), the others stay held. An order another transaction holds is
 * skipped (it is being cancelled or released); an overdue account releases nothing.
 * `release` applies the status change (`applyStatusChange`, passed in to keep modules acyclic).
 */
export async function recheckHeldOrders(
  tx: EntityManager, accountId: number, now: Date, release: (change: CreditChange) => Promise<unknown>,
): Promise<string[]> {
  const [overdue] = await tx.execute<Array<{ n: string }>>(`select count(*) as n from "order" o where o.account_id = ? and ${overdueOrderCondition('?')}`, [accountId, now]);
  if (Number(overdue!.n) > 0) return [];
  const held = await tx.find(Order, { account: accountId, status: 'credit_hold' }, { orderBy: { placedAt: 'asc', id: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
  const actor = jobActor('credit-recheck');
  const released: string[] = [];
  for (const order of held) {
    if (!(await openCredit(tx, refOf(order), order.totalMinor, true, actor))) continue;
    await countRecordedPayments(tx, order, actor);
    await release({ number: order.number, to: afterCreditHold(order), actor, reason: 'credit_available', creditChecked: true });
    released.push(order.number);
  }
  return released;
}

/**
 * Orders on terms unpaid past their due date are marked overdue, each once (the conditional
 * UPDATE is the guard): audited, and `order.payment_overdue` tells the buyer and staff. New
 * orders of the account go to credit hold while any is unpaid past due (intake asks itself).
 */
export async function markOverdueOrders(tx: EntityManager, now: Date): Promise<string[]> {
  const rows = await tx.execute<Array<{ number: string; customer_id: number; total_minor: string; currency: string; payment_due_at: Date; account_id: number }>>(`
    update "order" o set overdue_at = ?, version = o.version + 1
     where o.overdue_at is null and ${overdueOrderCondition('?')}
    returning o.number, o.customer_id, o.total_minor, o.currency, o.payment_due_at, o.account_id`, [now, now]);
  const actor = jobActor('payment-overdue');
  for (const row of rows) {
    audit(tx, actor, { entityType: 'order', entityId: row.number, action: 'order.payment_overdue', after: { paymentDueAt: new Date(row.payment_due_at).toISOString() } });
    publish(tx, 'order.payment_overdue', { type: 'order', id: row.number }, {
      orderNumber: row.number, customerId: row.customer_id, amountMinor: Number(row.total_minor), currency: row.currency, dueAt: new Date(row.payment_due_at).toISOString(),
    });
  }
  await tx.flush();
  return rows.map((row) => row.number);
}
