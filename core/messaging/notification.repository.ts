import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../customers/index.ts';
import type { DeliveryChannel, Notice } from './notice.ts';
import type { NotificationStatus } from './notification.entity.ts';
import type { PlannedNotification } from './notification-plan.ts';

/** A notification row as the sender needs it. */
export interface NotificationRecord {
  id: number;
  eventId: number;
  channel: DeliveryChannel;
  recipient: string;
  identityId: number | null;
  locale: Locale;
  notice: Notice;
  status: NotificationStatus;
  attempts: number;
}

/** Writes planned notifications; a (event, channel, recipient) already written is left alone. */
export async function insertNotifications(em: EntityManager, planned: PlannedNotification[]): Promise<void> {
  if (planned.length === 0) return;
  const values = planned.map(() => "(?, ?, ?, ?, ?, ?, ?::jsonb, 'pending', 0, now())").join(', ');
  const params = planned.flatMap((row) => [row.eventId, row.channel, row.recipient, row.identityId, row.notice.kind, row.locale, JSON.stringify(row.notice)]);
  await em.execute(
    `insert into notification (event_id, channel, recipient, identity_id, kind, locale, notice, status, attempts, created_at)
     values ${values} on conflict (event_id, channel, recipient) do nothing`,
    params,
    'run',
  );
}

/** Ids of the event's notifications still to send. */
export async function pendingIdsOfEvent(em: EntityManager, eventId: number): Promise<number[]> {
  const rows = await em.execute<Array<{ id: string }>>("select id from notification where event_id = ? and status = 'pending' order by id", [eventId]);
  return rows.map((row) => Number(row.id));
}

export async function findNotification(em: EntityManager, id: number): Promise<NotificationRecord | null> {
  const [row] = await em.execute<Array<Record<string, any>>>(
    'select id, event_id, channel, recipient, identity_id, locale, notice, status, attempts from notification where id = ?',
    [id],
  );
  if (!row) return null;
  return {
    id: Number(row.id), eventId: Number(row.event_id), channel: row.channel, recipient: row.recipient,
    identityId: row.identity_id ?? null, locale: row.locale, notice: row.notice, status: row.status, attempts: row.attempts,
  };
}

/** The recipient's oldest unsettled notification (event order), or null: messages go out in this order. */
export async function nextOpenFor(em: EntityManager, channel: DeliveryChannel, recipient: string): Promise<number | null> {
  const [row] = await em.execute<Array<{ id: string }>>(
    "select id from notification where channel = ? and recipient = ? and status in ('pending', 'sending') order by event_id, id limit 1",
    [channel, recipient],
  );
  return row ? Number(row.id) : null;
}

/**
 * Moves a pending notification to `sending` just before the platform call. Returns false when
 * it was not pending (someone else took it), so at most one sender ever calls the platform.
 */
export async function claimForSending(em: EntityManager, id: number): Promise<boolean> {
  const result = await em.execute<{ affectedRows: number }>(
    "update notification set status = 'sending', attempts = attempts + 1 where id = ? and status = 'pending'",
    [id],
    'run',
  );
  return result.affectedRows === 1;
}

/** Records the outcome of a send (or of a send that must not be repeated). */
export async function settleNotification(em: EntityManager, id: number, status: Exclude<NotificationStatus, 'sending'>, details: { error?: string; externalId?: string | null } = {}): Promise<void> {
  await em.execute(
    `update notification set status = ?, last_error = coalesce(?, last_error), external_id = coalesce(?, external_id),
       sent_at = case when ? = 'sent' then now() else sent_at end
     where id = ?`,
    [status, details.error ?? null, details.externalId ?? null, status, id],
    'run',
  );
}

/**
 * The recipient blocked the bot (or the chat is gone), in one transaction: this notification
 * fails with `error`, the identity is marked unreachable so no new notifications are planned
 * for it, and its waiting ones are skipped. Returns how many were skipped.
 */
export async function markRecipientUnreachable(em: EntityManager, notification: NotificationRecord, error: string): Promise<number> {
  return em.transactional(async (tx) => {
    await settleNotification(tx, notification.id, 'failed', { error });
    if (notification.identityId !== null) {
      await tx.execute('update customer_identity set unreachable_at = now() where id = ? and unreachable_at is null', [notification.identityId], 'run');
    }
    const skipped = await tx.execute<{ affectedRows: number }>(
      "update notification set status = 'skipped', last_error = 'recipient unreachable' where channel = ? and recipient = ? and status = 'pending'",
      [notification.channel, notification.recipient],
      'run',
    );
    return skipped.affectedRows;
  });
}

/**
 * Pending notifications older than `olderThanSeconds`: their job may have been lost (Redis
 * restarted without persistence). The relay enqueues them again; the job id keeps that harmless.
 */
export async function stalePendingIds(em: EntityManager, olderThanSeconds: number, limit: number): Promise<number[]> {
  const rows = await em.execute<Array<{ id: string }>>(
    "select id from notification where status = 'pending' and created_at < now() - make_interval(secs => ?) order by event_id, id limit ?",
    [olderThanSeconds, limit],
  );
  return rows.map((row) => Number(row.id));
}
