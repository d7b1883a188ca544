import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { AccountMember, CustomerAccount } from '../customers/account.entity.ts';
import { Order, paymentMethods, type OrderAddress } from './order.entity.ts';

export const quoteStatuses = ['draft', 'sent', 'accepted', 'rejected', 'expired', 'cancelled'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

/**
 * A price offer to a company's buyer (`Q-000042`): drafted by staff at the account's prices
 * (or prices they set), sent with a validity, accepted once in chat or over the API, which
 * places the order at exactly these prices. `version` grows each time it is sent again.
 */
export const Quote = defineEntity({
  name: 'Quote',
  tableName: 'quote',
  properties: {
    id: p.integer().primary().autoincrement(),
    number: p.string().length(20).unique(),
    account: () => p.manyToOne(CustomerAccount),
    member: () => p.manyToOne(AccountMember),
    status: p.enum(quoteStatuses).default('draft'),
    validUntil: p.datetime().nullable(),
    currency: p.string().length(3),
    subtotalMinor: p.bigint('number'),
    shippingMinor: p.bigint('number'),
    totalMinor: p.bigint('number'),
    /** Where the goods go; a quote a buyer asked for in chat may leave it to acceptance (their latest address). */
    shippingAddress: p.json<OrderAddress>().nullable(),
    paymentMethod: p.enum(paymentMethods),
    notes: p.text().nullable(),
    order: () => p.manyToOne(Order).nullable(),
    createdBy: p.string().length(100),
    version: p.integer().default(1),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    lines: () => p.oneToMany(QuoteLine).mappedBy('quote'),
  },
  checks: [{ name: 'quote_amounts', expression: 'subtotal_minor >= 0 and shipping_minor >= 0 and total_minor = subtotal_minor + shipping_minor' }],
});

export type Quote = InferEntity<typeof Quote>;

/** One product of a quote at its frozen unit price (`priceSetByStaff`: not the list's). */
export const QuoteLine = defineEntity({
  name: 'QuoteLine',
  tableName: 'quote_line',
  properties: {
    id: p.integer().primary().autoincrement(),
    quote: () => p.manyToOne(Quote).deleteRule('cascade'),
    product: () => p.manyToOne(Product),
    sku: p.string().length(64),
    name: p.string().length(200),
    quantity: p.integer(),
    unitPriceMinor: p.bigint('number'),
    lineTotalMinor: p.bigint('number'),
    priceSetByStaff: p.boolean().default(false),
  },
  checks: [{ name: 'quote_line_amounts', expression: 'quantity > 0 and unit_price_minor >= 0 and line_total_minor = quantity * unit_price_minor' }],
});

export type QuoteLine = InferEntity<typeof QuoteLine>;
