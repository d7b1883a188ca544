import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Order, paymentMethods } from '../orders/index.ts';

export const paymentKinds = ['payment', 'refund'] as const;
export type PaymentKind = (typeof paymentKinds)[number];

/**
 * Where a row stands. Payments: `collected` (cash a carrier holds for the shop), `succeeded`
 * (the shop has the money). Refunds: `pending` (sent to the provider, not confirmed yet),
 * `owed` (finance pays it back by hand), `succeeded`. `failed` for either.
 */
export const paymentStates = ['pending', 'collected', 'succeeded', 'owed', 'failed'] as const;
export type PaymentState = (typeof paymentStates)[number];

/**
 * One movement of an order's money, in its currency's minor units: a payment in, or a refund out.
 * An order's payment status is derived from its rows (`payment-status.ts`).
 */
export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    id: p.integer().primary().autoincrement(),
    order: () => p.manyToOne(Order),
    kind: p.enum(paymentKinds),
    method: p.enum(paymentMethods),
    state: p.enum(paymentStates),
    amountMinor: p.bigint('number'),
    currency: p.string().length(3),
    /** Who moved it: `stripe`, `bank`, a carrier's code for cash on delivery, `manual`. */
    provider: p.string().length(32).nullable(),
    /** The provider's id (Stripe payment intent or refund, a bank transfer's reference). */
    reference: p.string().length(200).nullable(),
    /** Makes the same request record one row (a refund's key is also sent to the provider). */
    idempotencyKey: p.string().length(200).nullable().unique(),
    note: p.text().nullable(),
    recordedBy: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
    settledAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'payment_order_index', properties: ['order'] }],
  // The same provider payment (a webhook delivered three times) is recorded once.
  uniques: [{ name: 'payment_provider_reference_unique', properties: ['kind', 'provider', 'reference'] }],
  checks: [{ name: 'payment_amount_positive', expression: 'amount_minor > 0' }],
});

/** The provider's checkout page of an order paid online (one per order), and its reminder. */
export const PaymentLink = defineEntity({
  name: 'PaymentLink',
  tableName: 'payment_link',
  properties: {
    id: p.integer().primary().autoincrement(),
    order: () => p.oneToOne(Order).owner().unique(),
    provider: p.string().length(32),
    sessionId: p.string().length(200),
    url: p.text(),
    expiresAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
    remindedAt: p.datetime().nullable(),
  },
});

export type Payment = InferEntity<typeof Payment>;
export type PaymentLink = InferEntity<typeof PaymentLink>;
