import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.ts';
import { AccountMember, CustomerAccount, paymentTerms } from '../customers/account.entity.ts';
import { Product } from '../catalog/index.ts';
import { Warehouse } from '../inventory/warehouse.entity.ts';
import { orderStatuses } from './order-state.ts';

export const orderChannels = ['telegram', 'webchat', 'slack', 'api', 'phone', 'email', 'in_store'] as const;
export type OrderChannel = (typeof orderChannels)[number];

export const paymentMethods = ['cash_on_delivery', 'bank_transfer', 'card', 'online'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** Derived from the order's payments and refunds (`core/payments`); never set by hand. */
export const paymentStatuses = ['unpaid', 'pending', 'partially_paid', 'paid', 'partially_refunded', 'refunded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export interface OrderAddress {
  line1: string;
  city: string;
  region?: string | undefined;
  postalCode?: string | undefined;
  country: string;
  latitude?: number | undefined;
  longitude?: number | undefined;
}

export interface OrderContact {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
}

/**
 * An order. Money is integer minor units in `currency`. `status` changes only through
 * `order-state.ts`; `version` increases with every change (optimistic concurrency for clients).
 */
export const Order = defineEntity({
  name: 'Order',
  tableName: 'order',
  properties: {
    id: p.integer().primary().autoincrement(),
    number: p.string().length(32).unique(),
    customer: () => p.manyToOne(Customer),
    status: p.enum(orderStatuses),
    channel: p.enum(orderChannels),
    subtotalMinor: p.bigint('number'),
    shippingMinor: p.bigint('number'),
    totalMinor: p.bigint('number'),
    currency: p.string().length(3),
    shippingAddress: p.json<OrderAddress>().nullable(),
    contact: p.json<OrderContact>(),
    paymentMethod: p.enum(paymentMethods),
    paymentStatus: p.enum(paymentStatuses).default('unpaid'),
    notes: p.text().nullable(),
    /** Warnings about the order, e.g. `possible_duplicate` (which also holds it for a person, as an approval reason). */
    flags: p.json<string[]>(),
    /** Why the order waits for a person, e.g. `high_value`, `large_quantity`. */
    approvalReasons: p.json<string[]>(),
    /** Hash of the sorted (sku, quantity) pairs, to spot likely duplicates quickly. */
    linesFingerprint: p.string().length(64),
    /** Why the order was cancelled or rejected. */
    statusReason: p.text().nullable(),
    placedAt: p.datetime(),
    /** The company the order is for (wholesale), the member who placed it, and its payment terms. */
    account: () => p.manyToOne(CustomerAccount).nullable(),
    member: () => p.manyToOne(AccountMember).nullable(),
    paymentTerms: p.enum(paymentTerms).nullable(),
    /** When an order on credit terms must be paid (end of the business day); overdue once marked. */
    paymentDueAt: p.datetime().nullable(),
    overdueAt: p.datetime().nullable(),
    customerPoRef: p.string().length(100).nullable(),
    promisedAt: p.datetime().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().default(1),
    lines: () => p.oneToMany(OrderLine).mappedBy('order'),
  },
  indexes: [
    { name: 'order_customer_placed_index', properties: ['customer', 'placedAt'] },
    // The duplicate check of intake: the same cart from the same customer lately.
    { name: 'order_customer_fingerprint_index', properties: ['customer', 'linesFingerprint', 'placedAt'] },
    { name: 'order_status_index', properties: ['status', 'id'] },
    { name: 'order_placed_at_index', properties: ['placedAt'] },
    { name: 'order_account_index', expression: 'create index "order_account_index" on "order" ("account_id", "placed_at") where account_id is not null' },
    // The overdue job's question: orders on terms past their due date, not marked yet.
    { name: 'order_payment_due_index', expression: 'create index "order_payment_due_index" on "order" ("payment_due_at") where payment_due_at is not null and overdue_at is null' },
    // The payment sweep's question: online orders still waiting for their money.
    {
      name: 'order_unpaid_online_index',
      expression: `create index "order_unpaid_online_index" on "order" ("placed_at") where payment_status in ('unpaid', 'pending') and payment_method in ('online', 'card') and status in ('pending_approval', 'confirmed')`,
    },
  ],
  checks: [
    { name: 'order_amounts_non_negative', expression: 'subtotal_minor >= 0 and shipping_minor >= 0 and total_minor = subtotal_minor + shipping_minor' },
  ],
});

/**
 * One product on an order, with the price at the time of ordering and where its stock is
 * reserved. Its units are each in one state, always adding up to `quantity` (a check
 * constraint): reserved at the warehouse (picked ones included), shipped, backordered (waiting
 * for stock, reserved oldest line first when it arrives) or cancelled. A writer of these
 * counters locks the order row, then its lines (read fresh), then stock rows; `fill_backorders`
 * skips lines another transaction holds, so the two never wait on each other in a cycle.
 */
export const OrderLine = defineEntity({
  name: 'OrderLine',
  tableName: 'order_line',
  properties: {
    id: p.integer().primary().autoincrement(),
    order: () => p.manyToOne(Order),
    product: () => p.manyToOne(Product),
    warehouse: () => p.manyToOne(Warehouse),
    sku: p.string().length(64),
    name: p.string().length(200),
    quantity: p.integer(),
    unitPriceMinor: p.bigint('number'),
    lineTotalMinor: p.bigint('number'),
    reserved: p.integer().default(0),
    shipped: p.integer().default(0),
    backordered: p.integer().default(0),
    cancelled: p.integer().default(0),
    /** False for a booked service: its unit is held by the booking (time on a resource), no stock is reserved or shipped for it. */
    stocked: p.boolean().default(true),
  },
  indexes: [
    { name: 'order_line_order_index', properties: ['order'] },
    { name: 'order_line_backorder_index', expression: 'create index "order_line_backorder_index" on "order_line" ("product_id", "warehouse_id", "id") where backordered > 0' },
  ],
  checks: [
    { name: 'order_line_quantity_positive', expression: 'quantity > 0 and line_total_minor = quantity * unit_price_minor' },
    { name: 'order_line_units_balance', expression: 'reserved >= 0 and shipped >= 0 and backordered >= 0 and cancelled >= 0 and quantity = reserved + shipped + backordered + cancelled' },
  ],
});

export type Order = InferEntity<typeof Order>;
export type OrderLine = InferEntity<typeof OrderLine>;
