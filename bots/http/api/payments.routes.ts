import { z } from 'zod';
import type { PaymentService } from '../../../core/payments/index.ts';
import { operation, type Operation } from './operation.ts';
import { orderNumber } from './fulfilment.schemas.ts';
import { paymentLinkView, paymentView } from './views.ts';

const tag = 'Payments';
const order = { number: orderNumber.meta({ examples: ['SO-20261206-000042'] }) };
const amount = z.number().int().positive().max(1_000_000_000_000);
const paymentSchema = z.object({
  amountMinor: amount,
  method: z.enum(['bank_transfer', 'cash_on_delivery']),
  reference: z.string().trim().min(1).max(200).optional(),
  note: z.string().trim().max(500).optional(),
}).strict();
const refundSchema = z.object({ amountMinor: amount.optional(), reason: z.string().trim().min(1).max(500) }).strict();

/** `/orders/{number}/payments`, `/payment-link`, `/refunds`: an order's money. */
export function paymentOperations(payments: PaymentService): Operation[] {
  return [
    operation({
      method: 'get', path: '/orders/:number/payments', tag, summary: "An order's payments and refunds, what is due and its payment page", permission: 'payment.read',
      params: order, response: paymentView, errors: ['not_found'],
      handle: ({ params, caller }) => payments.paymentsOf(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/orders/:number/payments', tag, summary: 'Record money received by hand: a bank transfer (partial allowed) or cash', permission: 'payment.record',
      description: 'The order is `paid` when what was received reaches its total; more than is due is 422 `overpayment`. The same bank reference is recorded once (409).',
      params: order, body: paymentSchema, example: { amountMinor: 10000, method: 'bank_transfer', reference: 'ICBC-20261206-7781' },
      status: 201, response: paymentView, errors: ['not_found', 'overpayment', 'already_exists', 'rule_violation'],
      handle: ({ params, body, caller }) => payments.recordPayment(params.number, body, caller.actor),
    }),
    operation({
      method: 'post', path: '/orders/:number/payment-link', tag, summary: "The provider's payment page of an order paid online (made once)", permission: 'payment.start',
      params: order, status: 201, response: paymentLinkView, errors: ['not_found', 'invalid_transition', 'rule_violation', 'unavailable'],
      handle: async ({ params, caller }) => {
        const page = await payments.startOnlinePayment(params.number, caller.actor);
        return { sessionId: page.sessionId, url: page.url, expiresAt: page.expiresAt.toISOString() };
      },
    }),
    operation({
      method: 'post', path: '/orders/:number/refunds', tag, summary: 'Refund (all that can be refunded without an amount): by the provider that collected it, else owed until paid back', permission: 'payment.record',
      params: order, body: refundSchema, example: { amountMinor: 5000, reason: 'one cup arrived broken' },
      status: 201, response: paymentView, errors: ['not_found', 'refund_exceeds_paid'],
      handle: ({ params, body, caller }) => payments.refund(params.number, body, caller.actor),
    }),
    operation({
      method: 'post', path: '/orders/:number/refunds/settle', tag, summary: 'The owed refunds were paid back by hand', permission: 'payment.record',
      params: order, response: paymentView, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, caller }) => payments.settleRefunds(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/orders/:number/payments/cash-handed-over', tag, summary: 'The carrier handed over the cash it collected on delivery', permission: 'payment.record',
      params: order, response: paymentView, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, caller }) => payments.confirmCashHandedOver(params.number, caller.actor),
    }),
  ];
}
