import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PriceList } from '../catalog/price-list.entity.ts';
import { Customer } from './customer.entity.ts';

export const accountStatuses = ['active', 'on_hold', 'closed'] as const;
export type AccountStatus = (typeof accountStatuses)[number];
export const paymentTerms = ['prepaid', 'net_7', 'net_15', 'net_30', 'net_60', 'due_on_fulfillment'] as const;
export type PaymentTerms = (typeof paymentTerms)[number];
export const backorderPolicies = ['backorder', 'ship_complete', 'cancel_remainder'] as const;
export type BackorderPolicy = (typeof backorderPolicies)[number];
export const memberRoles = ['admin', 'buyer', 'viewer'] as const;
export type MemberRole = (typeof memberRoles)[number];

/**
 * A company that buys (wholesale): its price list, payment terms and credit. On terms other than
 * `prepaid` it has a credit limit (no "0 means unlimited"); `creditExposureMinor` is what its
 * open orders owe, kept equal to the sum of its credit entries.
 */
export const CustomerAccount = defineEntity({
  name: 'CustomerAccount',
  tableName: 'customer_account',
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().length(32).unique(),
    name: p.string().length(200),
    status: p.enum(accountStatuses).default('active'),
    priceList: () => p.manyToOne(PriceList).nullable(),
    paymentTerms: p.enum(paymentTerms).default('prepaid'),
    creditLimitMinor: p.bigint('number').nullable(),
    creditExposureMinor: p.bigint('number').default(0),
    currency: p.string().length(3),
    backorderPolicy: p.enum(backorderPolicies).default('backorder'),
    /** Days an order may wait on credit hold before it is cancelled and its stock released. */
    creditHoldDays: p.integer().default(7),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  checks: [
    { name: 'customer_account_credit_terms', expression: "payment_terms = 'prepaid' or credit_limit_minor is not null" },
    { name: 'customer_account_amounts', expression: '(credit_limit_minor is null or credit_limit_minor >= 0) and credit_exposure_minor >= 0 and credit_hold_days >= 1' },
  ],
});

export type CustomerAccount = InferEntity<typeof CustomerAccount>;

/**
 * A person who orders for an account (one account per person): `admin` manages members and
 * approves buyers over their limits, `buyer` orders, `viewer` only looks.
 */
export const AccountMember = defineEntity({
  name: 'AccountMember',
  tableName: 'account_member',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(CustomerAccount),
    customer: () => p.manyToOne(Customer).unique(),
    role: p.enum(memberRoles),
    /** One order above this waits for an account admin. */
    orderLimitMinor: p.bigint('number').nullable(),
    /** The member's orders of a calendar month above this wait for an account admin. */
    monthlyLimitMinor: p.bigint('number').nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'account_member_limits', expression: '(order_limit_minor is null or order_limit_minor >= 0) and (monthly_limit_minor is null or monthly_limit_minor >= 0)' }],
});

export type AccountMember = InferEntity<typeof AccountMember>;

export const creditEntryKinds = ['order_open', 'order_closed', 'payment', 'adjustment', 'override'] as const;
export type CreditEntryKind = (typeof creditEntryKinds)[number];

/**
 * The credit ledger: every change of an account's exposure, signed, once per (kind, reference)
 * (`order_open` and `override`: the order number; `order_closed`: the order number; `payment`:
 * the payment's key). The hourly integrity check compares the sum with the account's exposure.
 */
export const CreditEntry = defineEntity({
  name: 'CreditEntry',
  tableName: 'credit_entry',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    account: () => p.manyToOne(CustomerAccount),
    /** The order it concerns (an order-number reference without the join). */
    orderId: p.integer().nullable().index('credit_entry_order_index'),
    kind: p.enum(creditEntryKinds),
    amountMinor: p.bigint('number'),
    reference: p.string().length(200),
    actorType: p.string().length(16),
    actorId: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'credit_entry_kind_reference_unique', properties: ['kind', 'reference'] }],
});

export type CreditEntry = InferEntity<typeof CreditEntry>;
