import type { ServiceContext } from '../shared/service-context.ts';
import { listen, type DatabaseListener, type ListenOptions } from '../shared/database-listener.ts';
import { claimUndispatched, markDispatched, type OutboxRecord } from '../shared/outbox.ts';
import type { Locale } from '../customers/index.ts';
import type { NotificationStatus } from './notification.entity.ts';
import { planNotifications } from './notification-plan.ts';
import type { NotificationSettings } from './notification-recipients.ts';
import {
  claimForSending, findNotification, insertNotifications, markRecipientUnreachable, pendingIdsOfEvent, settleNotification, stalePendingIds,
  type NotificationRecord,
} from './notification.repository.ts';
import { planApprovalReminders } from './approval-reminders.ts';
import { followUpsOf, type FollowUp } from './follow-ups.ts';
import { ticketByThread } from './ticket-notices.ts';

/**
 * How a notification travels: the relay turns committed outbox events into notification rows
 * (one per recipient), the notify job sends each row at most once through its channel's
 * notifier. Sending itself happens in `jobs/`; this service owns the rows and their states.
 */
export interface NotificationService {
  /**
   * Moves one batch of committed outbox events: locks the oldest undispatched rows (SKIP LOCKED,
   * so several relays share the work), writes their notification rows, calls `enqueue`, and
   * marks the rows dispatched, in one transaction. Returns how many events moved.
   */
  relayBatch(settings: NotificationSettings, batchSize: number, enqueue: (events: OutboxRecord[]) => Promise<void>): Promise<number>;
  /** Pending notifications older than this: their job may have been lost. */
  stalePendingIds(olderThanSeconds: number, limit: number): Promise<number[]>;
  /** An event's notifications still to send, or null while its relay has not committed. */
  pendingIdsOfEvent(eventId: number): Promise<number[] | null>;
  /** What a relayed event schedules for later (reminders, rating requests, SLA timers). */
  followUps(eventId: number): Promise<FollowUp[]>;
  /** An approval still waiting: one reminder per manager and admin; the ids to send ([] when decided). */
  planApprovalReminders(eventId: number, orderNumber: string, locale: Locale): Promise<number[]>;
  /** One notification with whether it is its turn (recipient's oldest unsettled, relay caught up). */
  forSending(id: number): Promise<(NotificationRecord & { itsTurn: boolean }) | null>;
  /** pending → sending just before the platform call; false when someone else took it. */
  claimForSending(id: number): Promise<boolean>;
  settle(id: number, status: Exclude<NotificationStatus, 'sending'>, details?: { error?: string; externalId?: string | null }): Promise<void>;
  /** The recipient blocked us: this fails, the identity is marked, their waiting ones skipped. */
  markRecipientUnreachable(notification: NotificationRecord, error: string): Promise<number>;
  /** The ticket whose Slack message has this `ts` (a reply in its thread), or null. */
  ticketByThread(threadTs: string): Promise<string | null>;
  /**
   * Calls back when outbox events may have committed: at once for commits of this process, and
   * on the `outbox` NOTIFY that other processes send after theirs. Wakes the relay.
   */
  listenForEvents(options: ListenOptions): DatabaseListener;
}

export function createNotificationService({ uow, clock, config }: ServiceContext): NotificationService {
  return {
    relayBatch: (settings, batchSize, enqueue) => uow.write(async (tx) => {
      const events = await claimUndispatched(tx, batchSize);
      if (events.length === 0) return 0;
      await insertNotifications(tx, await planNotifications(tx, events, settings));
      await enqueue(events);
      await markDispatched(tx, events.map((event) => event.id));
      return events.length;
    }),
    stalePendingIds: (olderThanSeconds, limit) => uow.read((em) => stalePendingIds(em, olderThanSeconds, limit)),
    pendingIdsOfEvent: (eventId) => uow.read((em) => pendingIdsOfEvent(em, eventId)),
    followUps: (eventId) => uow.read((em) => followUpsOf(em, eventId, config, clock.now())),
    planApprovalReminders: (eventId, orderNumber, locale) => uow.write((tx) => planApprovalReminders(tx, eventId, orderNumber, locale, clock.now())),
    forSending: (id) => uow.read((em) => findNotification(em, id)),
    claimForSending: (id) => uow.write((tx) => claimForSending(tx, id)),
    settle: (id, status, details) => uow.write((tx) => settleNotification(tx, id, status, details)),
    markRecipientUnreachable: (notification, error) => uow.write((tx) => markRecipientUnreachable(tx, notification, error)),
    ticketByThread: (threadTs) => uow.read((em) => ticketByThread(em, threadTs)),
    listenForEvents: (options) => {
      const unsubscribe = uow.outbox.subscribe(() => options.onNotify(''));
      const listener = listen(config.DATABASE_URL, 'outbox', options);
      return {
        async close() {
          unsubscribe();
          await listener.close();
        },
      };
    },
  };
}
