import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.ts';
import { Order } from '../orders/index.ts';

export const returnStatuses = ['requested', 'approved', 'rejected', 'received'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

/** A customer's request to send goods back, with its RMA number, decision, outcome and refund. */
export const ReturnRequest = defineEntity({
  name: 'ReturnRequest',
  tableName: 'return_request',
  properties: {
    id: p.integer().primary().autoincrement(),
    rma: p.string().length(20).unique(),
    order: () => p.manyToOne(Order),
    customer: () => p.manyToOne(Customer),
    /** What comes back, from the order lines (their warehouse receives it). */
    lines: p.json<Array<{ productId: number; sku: string; quantity: number; warehouseId: number }>>(),
    reason: p.text(),
    status: p.enum(returnStatuses).default('requested'),
    /** On receipt: back to stock, or written off (damaged). */
    resolution: p.enum(['restock', 'write_off'] as const).nullable(),
    refundStatus: p.enum(['pending', 'refunded', 'none'] as const).default('pending'),
    decidedBy: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    receivedAt: p.datetime().nullable(),
  },
});

export type ReturnRequest = InferEntity<typeof ReturnRequest>;
