import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEvent } from './outbox.entity.ts';

/** Topics written to the outbox. The relay turns each into a job; names are part of the contract. */
export const outboxTopics = [
  'order.placed', 'order.approval_requested', 'order.approved', 'order.rejected',
  'order.cancelled', 'order.status_changed',
] as const;
export type OutboxTopic = (typeof outboxTopics)[number];

/**
 * Adds an event to the unit of work. It is committed with the change it describes or not at all;
 * nothing is sent from inside the transaction.
 */
export function publish(em: EntityManager, topic: OutboxTopic, aggregate: { type: string; id: string }, payload: Record<string, unknown>): void {
  em.create(OutboxEvent, { topic, aggregateType: aggregate.type, aggregateId: aggregate.id, payload });
}
