import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEvent } from './outbox.entity.ts';

/** Topics written to the outbox. The relay turns each into a job; names are part of the contract. */
export const outboxTopics = [
  'order.placed', 'order.approval_requested', 'order.approved', 'order.rejected',
  'order.cancelled', 'order.status_changed',
  'ticket.opened', 'ticket.replied', 'ticket.resolved', 'ticket.customer_message',
  'inventory.low_stock', 'inventory.integrity_mismatch', 'shipment.updated', 'feedback.requested',
  'ticket.sla_warning', 'ticket.sla_breached', 'return.requested', 'return.decided', 'return.refunded',
] as const;
export type OutboxTopic = (typeof outboxTopics)[number];

/**
 * Adds an event to the unit of work. It is committed with the change it describes or not at all;
 * nothing is sent from inside the transaction.
 */
export function publish(em: EntityManager, topic: OutboxTopic, aggregate: { type: string; id: string }, payload: Record<string, unknown>): void {
  em.create(OutboxEvent, { topic, aggregateType: aggregate.type, aggregateId: aggregate.id, payload });
}

/** An outbox row as the relay reads it. */
export interface OutboxRecord {
  id: number;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Locks up to `limit` undispatched events, oldest first, inside the caller's transaction.
 * `SKIP LOCKED` lets several relays run: each takes rows the others are not holding.
 */
export async function claimUndispatched(tx: EntityManager, limit: number): Promise<OutboxRecord[]> {
  const rows = await tx.execute<Array<{ id: string; topic: string; aggregate_type: string; aggregate_id: string; payload: Record<string, unknown> }>>(
    `select id, topic, aggregate_type, aggregate_id, payload from outbox_event
      where dispatched_at is null order by id limit ? for update skip locked`,
    [limit],
  );
  return rows.map((row) => ({ id: Number(row.id), topic: row.topic, aggregateType: row.aggregate_type, aggregateId: row.aggregate_id, payload: row.payload }));
}

/** Marks claimed events dispatched, in the same transaction that claimed them. */
export async function markDispatched(tx: EntityManager, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute('update outbox_event set dispatched_at = now() where id in (?)', [ids], 'run');
}
