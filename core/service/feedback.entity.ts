import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.ts';

/** A customer's 1–5 rating of an order or of a ticket's handling, with an optional comment. */
export const Feedback = defineEntity({
  name: 'Feedback',
  tableName: 'feedback',
  properties: {
    id: p.integer().primary().autoincrement(),
    customer: () => p.manyToOne(Customer),
    orderNumber: p.string().length(32).nullable(),
    ticketNumber: p.string().length(20).nullable(),
    score: p.integer(),
    comment: p.text().nullable(),
    /** The ticket opened because the rating was poor (1 or 2). */
    followUpTicket: p.string().length(20).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [
    { name: 'feedback_order_unique', properties: ['customer', 'orderNumber'] },
    { name: 'feedback_ticket_unique', properties: ['customer', 'ticketNumber'] },
  ],
  indexes: [{ name: 'feedback_created_index', properties: ['createdAt'] }],
  checks: [{ name: 'feedback_score_range', expression: 'score between 1 and 5' }],
});

export type Feedback = InferEntity<typeof Feedback>;
