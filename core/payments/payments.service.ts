import type { ServiceContext } from '../shared/service-context.ts';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { Order, paymentMethods, type PaymentMethod } from '../orders/index.ts';
import { Payment, PaymentLink } from './payment.entity.ts';
import { completeRefund, lockOrder, paymentsOfOrder, recordPayment, refreshPaymentStatus, requestRefund } from './ledger.ts';
import { toPaymentView, type PaymentView } from './payment.view.ts';
import { outstanding, totalsOf } from './payment-status.ts';
import { applyWebhook, onlineMethods, startOnlinePayment } from './online.ts';
import { sendPendingRefunds, sweepPayments, type SweepResult } from './sweep.ts';
import type { CheckoutPage, PaymentProvider } from './provider.port.ts';

/** Collecting, reconciling and refunding the money of orders. */
export interface PaymentService {
  /**
   * The methods a customer can complete: cash on delivery always, bank transfer when the shop
   * gave its account (`BANK_TRANSFER_DETAILS`), online and card with a provider configured.
   */
  availableMethods(): PaymentMethod[];
  /** The shop's account for bank transfers, or null. */
  bankTransferDetails(): string | null;
  /** How long an order paid online waits for its payment. */
  expiryMinutes(): number;
  /** Name of the configured provider, or null. */
  providerName(): string | null;
  /** An order's payments and refunds; a customer sees only their own orders. */
  paymentsOf(orderNumber: string, actor: Actor): Promise<PaymentView>;
  /** The provider's payment page for an order paid online (made once). */
  startOnlinePayment(orderNumber: string, actor: Actor): Promise<CheckoutPage>;
  /** Money received by hand: a bank transfer (partial allowed), cash. Finance only; 422 `overpayment` above what is due. */
  recordPayment(orderNumber: string, input: { amountMinor: number; method: PaymentMethod; reference?: string | undefined; note?: string | undefined }, actor: Actor): Promise<PaymentView>;
  /** A refund (all that can be refunded when no amount is given): through the provider when it collected the money, else owed until finance pays it. */
  refund(orderNumber: string, input: { amountMinor?: number | undefined; reason: string }, actor: Actor): Promise<PaymentView>;
  /** Finance paid the owed refunds back by hand. */
  settleRefunds(orderNumber: string, actor: Actor): Promise<PaymentView>;
  /** Finance received the cash a carrier collected on delivery. */
  confirmCashHandedOver(orderNumber: string, actor: Actor): Promise<PaymentView>;
  /** A provider's webhook delivery (raw body and its signature header). */
  handleWebhook(rawBody: string, signature: string | undefined): Promise<{ applied: boolean; event: string }>;
  /** Expiries, reminders, refunds due and refunds to send: the scheduled payment sweep. */
  sweep(): Promise<SweepResult>;
}

export function createPaymentService({ uow, clock, config }: ServiceContext, provider: PaymentProvider | null): PaymentService {
  const online = provider ? { provider, expiryMinutes: config.PAYMENT_EXPIRY_MINUTES, returnUrl: `${config.PUBLIC_URL}/payments/done` } : null;
  const viaProvider = (name: string | null) => provider !== null && name === provider.name;

  const view = (orderNumber: string, actor?: Actor) => uow.read(async (em) => {
    const owner = actor ? customerIdOf(actor) : null;
    const order = await em.findOne(Order, { number: orderNumber, ...(owner !== null && { customer: owner }) });
    if (!order) throw new AppError('not_found', `No order ${orderNumber}`, { number: orderNumber });
    return toPaymentView(order, await paymentsOfOrder(em, order), await em.findOne(PaymentLink, { order }));
  });

  return {
    availableMethods: () => paymentMethods.filter((method) => (onlineMethods.has(method) ? provider !== null : method !== 'bank_transfer' || config.BANK_TRANSFER_DETAILS !== undefined)),
    bankTransferDetails: () => config.BANK_TRANSFER_DETAILS ?? null,
    expiryMinutes: () => config.PAYMENT_EXPIRY_MINUTES,
    providerName: () => provider?.name ?? null,
    paymentsOf: async (orderNumber, actor) => {
      authorize(actor, 'payment.read');
      return view(orderNumber, actor);
    },
    startOnlinePayment: async (orderNumber, actor) => {
      authorize(actor, 'payment.start');
      if (!online) throw new AppError('rule_violation', 'No online payment provider is configured', { provider: null });
      return startOnlinePayment(uow, online, orderNumber, actor);
    },
    recordPayment: async (orderNumber, input, actor) => {
      authorize(actor, 'payment.record');
      if (onlineMethods.has(input.method)) throw new AppError('rule_violation', 'Online payments are recorded by their provider, not by hand', { method: input.method });
      await uow.write(async (tx) => {
        const order = await lockOrder(tx, orderNumber);
        const recorded = await recordPayment(tx, order, {
          amountMinor: input.amountMinor, currency: order.currency, method: input.method, state: 'succeeded',
          provider: input.method === 'bank_transfer' ? 'bank' : 'manual', reference: input.reference, note: input.note,
        }, actor);
        if (!recorded) throw new AppError('already_exists', `Transfer ${input.reference} is recorded already`, { reference: input.reference });
      });
      return view(orderNumber);
    },
    refund: async (orderNumber, input, actor) => {
      authorize(actor, 'payment.record');
      const orderId = await uow.write(async (tx) => {
        const order = await lockOrder(tx, orderNumber);
        const rows = await paymentsOfOrder(tx, order);
        const { refundableMinor } = outstanding(totalsOf(rows), order.totalMinor);
        const key = `refund:manual:${orderNumber}:${rows.filter((row) => row.kind === 'refund').length}`;
        await requestRefund(tx, order, { amountMinor: input.amountMinor ?? refundableMinor, key, reason: input.reason }, viaProvider, actor);
        return order.id;
      });
      if (provider) await sendPendingRefunds(uow, provider, orderId);
      return view(orderNumber);
    },
    settleRefunds: async (orderNumber, actor) => {
      authorize(actor, 'payment.record');
      await uow.write(async (tx) => {
        const order = await lockOrder(tx, orderNumber);
        const owed = await tx.find(Payment, { order, kind: 'refund', state: 'owed' }, { populate: ['order'] });
        if (owed.length === 0) throw new AppError('invalid_transition', `Order ${orderNumber} owes no refund`, { paymentStatus: order.paymentStatus });
        for (const refund of owed) await completeRefund(tx, refund, null, actor);
      });
      return view(orderNumber);
    },
    confirmCashHandedOver: async (orderNumber, actor) => {
      authorize(actor, 'payment.record');
      await uow.write(async (tx) => {
        const order = await lockOrder(tx, orderNumber);
        const collected = await tx.find(Payment, { order, kind: 'payment', state: 'collected' });
        if (collected.length === 0) throw new AppError('invalid_transition', `No cash of order ${orderNumber} is waiting to be handed over`, { paymentStatus: order.paymentStatus });
        for (const payment of collected) {
          payment.state = 'succeeded';
          payment.settledAt = clock.now();
        }
        await tx.flush();
        await refreshPaymentStatus(tx, order);
        audit(tx, actor, { entityType: 'order', entityId: orderNumber, action: 'payment.cash_handed_over', after: { amountMinor: collected.reduce((sum, row) => sum + row.amountMinor, 0), carrier: collected[0]!.provider } });
        await tx.flush();
      });
      return view(orderNumber);
    },
    handleWebhook: async (rawBody, signature) => {
      if (!provider) throw new AppError('not_found', 'No online payment provider is configured');
      return applyWebhook(uow, provider, rawBody, signature);
    },
    sweep: () => sweepPayments(uow, { provider, expiryMinutes: config.PAYMENT_EXPIRY_MINUTES }, clock.now()),
  };
}
