import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEvent } from './outbox.entity.ts';

/** Topics written to the outbox. The relay turns each into a job; names are part of the contract. */
export const outboxTopics = [
  'order.placed', 'order.approval_requested', 'order.approved', 'order.rejected',
  'order.cancelled', 'order.status_changed', 'order.lines_changed', 'fulfilment.short_pick',
  // Company accounts: an order held over the credit limit (or while overdue), an order unpaid past its due date.
  'order.credit_hold', 'order.payment_overdue', 'quote.requested', 'quote.sent', 'quote.declined', 'quote.expired',
  'ticket.opened', 'ticket.replied', 'ticket.resolved', 'ticket.customer_message',
  'inventory.low_stock', 'inventory.integrity_mismatch', 'inventory.count_opened', 'shipment.updated', 'feedback.requested',
  'ticket.sla_warning', 'ticket.sla_breached', 'return.requested', 'return.decided', 'return.refunded',
  'payment.received', 'payment.reminder', 'payment.refund_requested', 'payment.refunded', 'purchase_order.sent',
  // For the ops channel: something was set aside, or may not have arrived.
  'outbox.dead_lettered', 'notification.dead_lettered', 'notification.uncertain',
  // A chat reply the front end could not send at once: the notification pipeline delivers it.
  'chat.reply_deferred',
  // Manufacturing: a production order released, output reported, finished, cancelled; a made-to-order order fully made.
  'production.released', 'production.reported', 'production.done', 'production.cancelled', 'production.detached', 'order.ready', 'mrp.run_finished',
  // Bookings: confirmed, moved, cancelled.
  'booking.confirmed', 'booking.rescheduled', 'booking.cancelled', 'booking.supplies_short', 'booking.pending_confirmation', 'booking.reminder',
  // Own fleet: a route planned or changed (its driver gets the list), a customer two stops away.
  'route.planned', 'route.approaching',
] as const;
export type OutboxTopic = (typeof outboxTopics)[number];

/**
 * Whether the unit of work running now wrote outbox rows: the unit wakes the relay after its
 * commit only then (a unit that wrote none, the relay's own among them, wakes nobody).
 */
export const outboxWrites = new AsyncLocalStorage<{ published: boolean }>();

/** Notes that the running unit wrote outbox rows (`publish` does; SQL that inserts them calls it too). */
export function notePublished(): void {
  const unit = outboxWrites.getStore();
  if (unit) unit.published = true;
}

/**
 * Adds an event to the unit of work. It is committed with the change it describes or not at all;
 * nothing is sent from inside the transaction.
 */
export function publish(em: EntityManager, topic: OutboxTopic, aggregate: { type: string; id: string }, payload: Record<string, unknown>): void {
  em.create(OutboxEvent, { topic, aggregateType: aggregate.type, aggregateId: aggregate.id, payload });
  notePublished();
}

/** An outbox row as the relay reads it. */
export interface OutboxRecord {
  id: number;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** An outbox row as SQL returns it (`select id, topic, aggregate_type, aggregate_id, payload, created_at`). */
export interface OutboxRow {
  id: string;
  topic: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

export function toOutboxRecord(row: OutboxRow): OutboxRecord {
  return { id: Number(row.id), topic: row.topic, aggregateType: row.aggregate_type, aggregateId: row.aggregate_id, payload: row.payload, createdAt: new Date(row.created_at) };
}

/** How long a relay holds the events it claimed while it enqueues their work. */
export const relayLeaseSeconds = 30;

/**
 * Claims up to `limit` events to relay, oldest first: undispatched, not set aside, and not held
 * by another relay. The claim is a lease (`claimed_until`) committed with the caller's
 * transaction, so the relay can enqueue after its commit; one that dies leaves the events to
 * the next relay when the lease ends. `SKIP LOCKED` lets several relays claim at once.
 */
export async function claimUndispatched(tx: EntityManager, limit: number): Promise<OutboxRecord[]> {
  const rows = await tx.execute<OutboxRow[]>(
    `update outbox_event set claimed_until = now() + make_interval(secs => ?)
      where id in (select id from outbox_event
                    where dispatched_at is null and dead_at is null and (claimed_until is null or claimed_until < now())
                    order by id limit ? for update skip locked)
      returning id, topic, aggregate_type, aggregate_id, payload, created_at`,
    [relayLeaseSeconds, limit],
  );
  return rows.map(toOutboxRecord).sort((a, b) => a.id - b.id);
}

/** Marks relayed events dispatched once their work is enqueued. */
export async function markDispatched(tx: EntityManager, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute('update outbox_event set dispatched_at = now(), claimed_until = null where id in (?)', [ids], 'run');
}

/** Gives claimed events back at once (their work could not be enqueued); the next relay run takes them. */
export async function releaseClaims(tx: EntityManager, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute('update outbox_event set claimed_until = null where id in (?) and dispatched_at is null', [ids], 'run');
}

/**
 * Sets an event aside: it could not be planned (`error` says why). It blocks no later event,
 * and stays until an operator retries or drops it (`cli dead-letters`).
 */
export async function deadLetter(tx: EntityManager, id: number, error: string): Promise<void> {
  await tx.execute('update outbox_event set dead_at = now(), last_error = ?, claimed_until = null where id = ?', [error.slice(0, 2000), id], 'run');
}
