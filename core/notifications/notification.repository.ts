import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../customers/index.ts';
import type { DeliveryChannel, Notice } from './notice.ts';
import type { NotificationStatus } from './notification.entity.ts';
import type { PlannedNotification } from './notification-recipients.ts';

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

/** A notification to enqueue: its id, and a key unique to the row even across a restored backup. */
export interface NotificationRef {
  id: number;
  /** `<id>-<created at, base 36 ms>`: a row numbered again after a restore has another key. */
  jobKey: string;
}

const refOf = (row: { id: string | number; created_at: Date | string }): NotificationRef => ({
  id: Number(row.id), jobKey: `${row.id}-${new Date(row.created_at).getTime().toString(36)}`,
});

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

/** The notifications still to send of these events (written by this relay run or an earlier one). */
export async function pendingOfEvents(em: EntityManager, eventIds: number[]): Promise<NotificationRef[]> {
  if (eventIds.length === 0) return [];
  const rows = await em.execute<Array<{ id: string; created_at: Date }>>(
    "select id, created_at from notification where event_id in (?) and status = 'pending' order by event_id, id",
    [eventIds],
  );
  return rows.map(refOf);
}

/** The pending notifications of one kind that one event caused (approval reminders). */
export async function pendingOfKind(em: EntityManager, eventId: number, kind: string): Promise<NotificationRef[]> {
  const rows = await em.execute<Array<{ id: string; created_at: Date }>>(
    'select id, created_at from notification where event_id = ? and kind = ? and status = \'pending\' order by id',
    [eventId, kind],
  );
  return rows.map(refOf);
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
 * The recipient blocked the bot (or the chat is gone), in the caller's transaction: this notification
 * fails with `error`, the identity is marked unreachable so no new notifications are planned
 * for it, and its waiting ones are skipped. Returns how many were skipped.
 */
export async function markRecipientUnreachable(tx: EntityManager, notification: NotificationRecord, error: string): Promise<number> {
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
}

/**
 * Pending notifications older than `olderThanSeconds`: their job may have been lost (Redis
 * restarted without persistence). The relay enqueues them again; the job id keeps that harmless.
 */
export async function stalePending(em: EntityManager, olderThanSeconds: number, limit: number, afterId = 0): Promise<NotificationRef[]> {
  const rows = await em.execute<Array<{ id: string; created_at: Date }>>(
    "select id, created_at from notification where status = 'pending' and id > ? and created_at < now() - make_interval(secs => ?) order by id limit ?",
    [afterId, olderThanSeconds, limit],
  );
  return rows.map(refOf);
}
