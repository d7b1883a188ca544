import { LockMode } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import { customerIdOf, jobActor, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { Order, type PaymentMethod } from '../orders/index.ts';
import { PaymentLink } from './payment.entity.ts';
import { lockOrder, paymentsOfOrder, recordPayment, refreshPaymentStatus, requestRefund } from './ledger.ts';
import { outstanding, totalsOf } from './payment-status.ts';
import { WebhookSignatureError, type CheckoutPage, type PaymentProvider } from './provider.port.ts';

/** Methods a payment provider collects (the customer pays on its hosted page). */
export const onlineMethods: ReadonlySet<PaymentMethod> = new Set(['online', 'card']);

export interface OnlineSettings {
  provider: PaymentProvider;
  expiryMinutes: number;
  returnUrl: string;
}

/** When an order placed at `placedAt` stops waiting for its online payment. */
export const expiryOf = (placedAt: Date, minutes: number) => new Date(placedAt.getTime() + Math.round(minutes * 60_000));

/**
 * The provider's payment page of an order to be paid online: made once per order (the same
 * idempotency key gives the same page; a second call returns the stored one). The provider is
 * called outside any transaction.
 */
export async function startOnlinePayment(uow: UnitOfWork, settings: OnlineSettings, number: string, actor: Actor): Promise<CheckoutPage> {
  const owner = customerIdOf(actor);
  const found = await uow.read(async (em) => {
    const order = await em.findOne(Order, { number, ...(owner !== null && { customer: owner }) });
    return order ? { order, link: await em.findOne(PaymentLink, { order }), due: outstanding(totalsOf(await paymentsOfOrder(em, order)), order.totalMinor).dueMinor } : null;
  });
  if (!found) throw new AppError('not_found', `No order ${number}`, { number });
  const { order, link, due } = found;
  if (link) return { sessionId: link.sessionId, url: link.url, expiresAt: link.expiresAt };
  if (!onlineMethods.has(order.paymentMethod)) throw new AppError('rule_violation', `Order ${number} is paid by ${order.paymentMethod}, not online`, { paymentMethod: order.paymentMethod });
  if (!['pending_approval', 'confirmed'].includes(order.status) || due === 0) {
    throw new AppError('invalid_transition', `Order ${number} is ${order.status} (${order.paymentStatus}); there is nothing to pay online`, { status: order.status, paymentStatus: order.paymentStatus });
  }
  const page = await settings.provider.createCheckout({
    orderNumber: number, amountMinor: due, currency: order.currency, description: `Order ${number}`,
    expiresAt: expiryOf(order.placedAt, settings.expiryMinutes), returnUrl: settings.returnUrl, idempotencyKey: `checkout:${number}`,
  });
  return uow.write(async (tx) => {
    const locked = await lockOrder(tx, number);
    const stored = await tx.findOne(PaymentLink, { order: locked });
    if (stored) return { sessionId: stored.sessionId, url: stored.url, expiresAt: stored.expiresAt };
    tx.create(PaymentLink, { order: locked, provider: settings.provider.name, sessionId: page.sessionId, url: page.url, expiresAt: page.expiresAt, remindedAt: null });
    await tx.flush();
    await refreshPaymentStatus(tx, locked);
    audit(tx, actor, { entityType: 'order', entityId: number, action: 'payment.link_created', after: { provider: settings.provider.name, sessionId: page.sessionId } });
    await tx.flush();
    return page;
  });
}

/**
 * A provider's webhook delivery: verified (a wrong or missing signature is 400 and changes
 * nothing), then applied once however often it comes. Money taken for an order that was
 * cancelled meanwhile, or beyond its total, is recorded and refunded.
 */
export async function applyWebhook(uow: UnitOfWork, provider: PaymentProvider, rawBody: string, signature: string | undefined): Promise<{ applied: boolean; event: string }> {
  let event;
  try {
    event = provider.parseWebhook(rawBody, signature);
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw new AppError('invalid_input', `The ${provider.name} webhook signature does not verify`);
    throw error;
  }
  const actor = jobActor(provider.name);
  if (event.kind === 'other') return { applied: false, event: event.type };
  const paid = event;
  return uow.write(async (tx) => {
    const order = await tx.findOne(Order, { number: paid.orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) return { applied: false, event: 'paid' };
    const { dueMinor } = outstanding(totalsOf(await paymentsOfOrder(tx, order)), order.totalMinor);
    const method: PaymentMethod = onlineMethods.has(order.paymentMethod) ? order.paymentMethod : 'online';
    const recorded = await recordPayment(tx, order, { amountMinor: paid.amountMinor, currency: paid.currency, method, state: 'succeeded', provider: provider.name, reference: paid.reference, excessAllowed: true }, actor);
    if (!recorded) return { applied: false, event: 'paid' };
    const excess = ['cancelled', 'rejected'].includes(order.status) ? paid.amountMinor : Math.max(0, paid.amountMinor - dueMinor);
    if (excess > 0) await requestRefund(tx, order, { amountMinor: excess, key: `refund:excess:${paid.reference}`, reason: 'paid after the order closed, or more than its total' }, (name) => name === provider.name, actor);
    return { applied: true, event: 'paid' };
  });
}
