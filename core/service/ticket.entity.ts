import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.ts';

export const ticketKinds = ['inquiry', 'complaint', 'delivery_issue', 'return'] as const;
export type TicketKind = (typeof ticketKinds)[number];

export const ticketStatuses = ['open', 'claimed', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

/** A customer's request for a person: a question, a complaint, a delivery problem, a return. */
export const Ticket = defineEntity({
  name: 'Ticket',
  tableName: 'ticket',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** Readable number told to the customer, `T-000123`. */
    number: p.string().length(20).unique(),
    customer: () => p.manyToOne(Customer),
    kind: p.enum(ticketKinds),
    status: p.enum(ticketStatuses).default('open'),
    priority: p.enum(ticketPriorities).default('normal'),
    /** The order it is about, when there is one. */
    orderNumber: p.string().length(32).nullable(),
    /** Where the customer asked (telegram, webchat, api, slack...). */
    channel: p.string().length(20),
    description: p.text(),
    /** Slack user id of the staff member who claimed it. */
    assigneeSlackId: p.string().length(32).nullable(),
    /** 0 = agents, 1 = managers; raised by Escalate (and by SLA breaches later). */
    escalationLevel: p.integer().default(0),
    resolution: p.text().nullable(),
    resolvedAt: p.datetime().nullable(),
    /** When staff first claimed or answered it (the first-response SLA stops here). */
    firstRespondedAt: p.datetime().nullable(),
    /** SLA steps already taken: each happens once. */
    slaWarnedAt: p.datetime().nullable(),
    slaBreachedAt: p.datetime().nullable(),
    /** The same for the resolution SLA. */
    resolutionWarnedAt: p.datetime().nullable(),
    resolutionBreachedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [
    { name: 'ticket_status_index', properties: ['status', 'id'] },
    { name: 'ticket_customer_index', properties: ['customer', 'createdAt'] },
  ],
});

export type Ticket = InferEntity<typeof Ticket>;
