import type { UnitOfWork } from '../shared/unit-of-work.ts';
import { jobActor } from '../shared/actor.ts';
import { publish } from '../shared/outbox.ts';
import { applyStatusChange } from '../orders/index.ts';
import { Payment, PaymentLink } from './payment.entity.ts';
import { completeRefund, lockOrder, paymentsOfOrder, requestRefund } from './ledger.ts';
import { outstanding, totalsOf } from './payment-status.ts';
import type { PaymentProvider } from './provider.port.ts';

/** Why an order was cancelled by the sweep (its notice says so in the customer's language). */
export const paymentExpiredReason = 'payment_expired';

// A company order on credit terms is paid by its due date, not before it is picked: it never expires unpaid here.
const waitingForPayment = `o.payment_method in ('online', 'card') and o.payment_status in ('unpaid', 'pending') and o.status in ('pending_approval', 'confirmed')
  and coalesce(o.payment_terms, 'prepaid') = 'prepaid'`;

export interface SweepSettings {
  provider: PaymentProvider | null;
  expiryMinutes: number;
}

export interface SweepResult {
  expired: string[];
  reminded: string[];
  refundsRequested: string[];
  refunded: number;
  /** Refunds the provider did not take this time (tried again next sweep). */
  refundErrors: string[];
}

/**
 * The payment sweep (a scheduled job; safe to run anywhere, any number of times, after any
 * crash): unpaid online orders past their time are cancelled (stock released, customer told)
 * and reminded once halfway; closed orders that were paid get their refund; refunds on their way
 * through the provider are sent (again: the provider's idempotency key makes that once).
 * Each order is changed under its row lock, after checking again that the change is still due.
 */
export async function sweepPayments(uow: UnitOfWork, settings: SweepSettings, now: Date): Promise<SweepResult> {
  const expiryMs = Math.round(settings.expiryMinutes * 60_000);
  const result: SweepResult = { expired: [], reminded: [], refundsRequested: [], refunded: 0, refundErrors: [] };
  const actor = jobActor('payment-sweep');

  const due = await uow.read((em) => em.execute<Array<{ number: string; expired: boolean }>>(
    `select o.number, o.placed_at <= ? as expired from "order" o
      where ${waitingForPayment} and o.placed_at <= ?
        and (o.placed_at <= ? or exists (select 1 from payment_link l where l.order_id = o.id and l.reminded_at is null))
      order by o.placed_at limit 500`,
    [new Date(now.getTime() - expiryMs), new Date(now.getTime() - expiryMs / 2), new Date(now.getTime() - expiryMs)],
  ));
  for (const { number, expired } of due) {
    const outcome = await uow.write(async (tx) => {
      const order = await lockOrder(tx, number);
      const onTerms = (order.paymentTerms ?? 'prepaid') !== 'prepaid';
      if (onTerms || !['online', 'card'].includes(order.paymentMethod) || !['unpaid', 'pending'].includes(order.paymentStatus) || !['pending_approval', 'confirmed'].includes(order.status)) return null;
      if (expired) {
        await applyStatusChange(tx, { number, to: 'cancelled', actor, reason: paymentExpiredReason });
        return 'expired' as const;
      }
      const link = await tx.findOne(PaymentLink, { order });
      if (!link || link.remindedAt) return null;
      link.remindedAt = now;
      publish(tx, 'payment.reminder', { type: 'order', id: number }, { orderNumber: number, amountMinor: order.totalMinor, currency: order.currency, url: link.url, expiresAt: new Date(order.placedAt.getTime() + expiryMs).toISOString() });
      await tx.flush();
      return 'reminded' as const;
    });
    if (outcome) result[outcome].push(number);
  }

  // Closed orders with money in: refund what was paid (the key makes it once per order).
  const closed = await uow.read((em) => em.execute<Array<{ number: string }>>(
    `select o.number from "order" o
      where o.status in ('cancelled', 'rejected', 'returned') and o.payment_status in ('paid', 'partially_paid', 'partially_refunded')
        and not exists (select 1 from payment r where r.order_id = o.id and r.kind = 'refund' and r.idempotency_key like 'refund:closed:' || o.number || ':%')
      limit 500`,
  ));
  for (const { number } of closed) {
    await uow.write(async (tx) => {
      const order = await lockOrder(tx, number);
      const { refundableMinor } = outstanding(totalsOf(await paymentsOfOrder(tx, order)), order.totalMinor);
      if (refundableMinor === 0) return;
      await requestRefund(tx, order, { amountMinor: refundableMinor, key: `refund:closed:${number}`, reason: `order ${order.status}` }, (name) => name === settings.provider?.name, actor);
      result.refundsRequested.push(number);
    });
  }

  if (settings.provider) Object.assign(result, await sendPendingRefunds(uow, settings.provider));
  return result;
}

/**
 * Refunds waiting for the provider: each is sent with its own key as the idempotency key, so a
 * crash between the provider's answer and our commit, or two sweeps at once, refund once.
 */
export async function sendPendingRefunds(uow: UnitOfWork, provider: PaymentProvider, orderId?: number): Promise<{ refunded: number; refundErrors: string[] }> {
  const pending = await uow.read((em) => em.find(Payment, { kind: 'refund', state: 'pending', provider: provider.name, ...(orderId !== undefined && { order: orderId }) }, { populate: ['order'], orderBy: { id: 'asc' }, limit: 200 }));
  let refunded = 0;
  const refundErrors: string[] = [];
  for (const refund of pending) {
    try {
      const answer = await provider.refund({
        paymentReference: refund.reference!, amountMinor: refund.amountMinor, currency: refund.currency, orderNumber: refund.order.number, idempotencyKey: refund.idempotencyKey!,
      });
      if (answer.state !== 'succeeded') continue;
      await uow.write(async (tx) => {
        await lockOrder(tx, refund.order.number);
        const row = await tx.findOneOrFail(Payment, refund.id, { populate: ['order'] });
        await completeRefund(tx, row, answer.reference, jobActor(provider.name));
      });
      refunded += 1;
    } catch (error) {
      refundErrors.push(`${refund.order.number} refund ${refund.id}: ${(error as Error).message}`);
    }
  }
  return { refunded, refundErrors };
}
