import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Transactional outbox: events written in the same transaction as the change they describe.
 * The relay (jobs/) moves undispatched rows into BullMQ after commit, so an event is sent
 * if and only if its transaction committed. The unit of work wakes the relay after a commit
 * (`outbox-signal.ts`); no trigger NOTIFYs inside the commit itself.
 */
export const OutboxEvent = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox_event',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    topic: p.string().length(64),
    aggregateType: p.string().length(32),
    aggregateId: p.string().length(64),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    dispatchedAt: p.datetime().nullable(),
    /** A relay working on the event holds it until then (it enqueues after committing its claim). */
    claimedUntil: p.datetime().nullable(),
    /** Set aside: it could not be planned (the error says why); it blocks nothing and is never retried by itself. */
    deadAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
  },
  indexes: [
    { name: 'outbox_event_undispatched_index', properties: ['id'], where: { dispatchedAt: null } },
    { name: 'outbox_event_dead_index', properties: ['id'], where: { deadAt: { $ne: null } } },
  ],
});

export type OutboxEvent = InferEntity<typeof OutboxEvent>;
