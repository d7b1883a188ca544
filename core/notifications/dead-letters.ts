import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';

/** Something set aside: an event that could not be planned, or a notification refused or uncertain. */
export interface DeadLetter {
  kind: 'event' | 'notification';
  id: number;
  /** The event's topic, or the notification's kind, channel and recipient. */
  about: string;
  /** `dead` for an event; `failed` or `uncertain` for a notification. */
  state: string;
  error: string | null;
  at: string;
}

/** What is set aside and not dealt with yet, newest first. */
export async function listDeadLetters(em: EntityManager, limit: number): Promise<DeadLetter[]> {
  const rows = await em.execute<Array<{ kind: 'event' | 'notification'; id: string; about: string; state: string; error: string | null; at: Date }>>(
    `(select 'event' as kind, id, topic as about, 'dead' as state, last_error as error, dead_at as at
        from outbox_event where dead_at is not null and dispatched_at is null)
     union all
     (select 'notification', id, kind || ' ' || channel || ' ' || recipient, status, last_error, coalesce(sent_at, created_at)
        from notification where status in ('failed', 'uncertain'))
     order by at desc limit ?`,
    [limit],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), at: new Date(row.at).toISOString() }));
}

/**
 * Gives a dead letter another go: an event goes back to the relay; a notification becomes
 * pending and the relay's sweep enqueues it (an uncertain one may then arrive twice: that is
 * the operator's call). Throws `not_found` when there is no such dead letter.
 */
export async function retryDeadLetter(tx: EntityManager, kind: DeadLetter['kind'], id: number): Promise<void> {
  const changed = kind === 'event'
    ? await tx.execute<{ affectedRows: number }>('update outbox_event set dead_at = null, last_error = null where id = ? and dead_at is not null and dispatched_at is null', [id], 'run')
    : await tx.execute<{ affectedRows: number }>("update notification set status = 'pending', attempts = 0, last_error = 'retried by an operator' where id = ? and status in ('failed', 'uncertain')", [id], 'run');
  if (changed.affectedRows === 0) throw new AppError('not_found', `No ${kind} #${id} set aside`, { kind, id });
}

/** Drops a dead letter for good: an event is marked relayed with nothing sent, a notification skipped. */
export async function dropDeadLetter(tx: EntityManager, kind: DeadLetter['kind'], id: number): Promise<void> {
  const changed = kind === 'event'
    ? await tx.execute<{ affectedRows: number }>("update outbox_event set dispatched_at = now(), last_error = coalesce(last_error, '') || ' (dropped by an operator)' where id = ? and dead_at is not null and dispatched_at is null", [id], 'run')
    : await tx.execute<{ affectedRows: number }>("update notification set status = 'skipped', last_error = coalesce(last_error, '') || ' (dropped by an operator)' where id = ? and status in ('failed', 'uncertain')", [id], 'run');
  if (changed.affectedRows === 0) throw new AppError('not_found', `No ${kind} #${id} set aside`, { kind, id });
}
