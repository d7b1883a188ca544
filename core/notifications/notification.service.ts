import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceContext } from '../shared/service-context.ts';
import { listen, type DatabaseListener, type ListenOptions } from '../shared/database-listener.ts';
import { claimUndispatched, deadLetter, markDispatched, publish, releaseClaims, type OutboxRecord } from '../shared/outbox.ts';
import type { Locale } from '../customers/index.ts';
import type { NotificationStatus } from './notification.entity.ts';
import { planNotifications } from './notification-plan.ts';
import type { NotificationSettings, PlannedNotification } from './notification-recipients.ts';
import {
  insertNotifications, markRecipientUnreachable, pendingOfEvents, settleNotification, stalePending,
  type NotificationRecord, type NotificationRef,
} from './notification.repository.ts';
import { planApprovalReminders } from './approval-reminders.ts';
import { followUpPolicy, followUpsOf, openFollowUps, type FollowUp } from './follow-ups.ts';
import { ticketByThread } from './ticket-notices.ts';
import { opsTopics, payloadProblem } from './event-payloads.ts';
import { pipelineFigures, type PipelineFigures } from './pipeline-figures.ts';
import { dropDeadLetter, listDeadLetters, retryDeadLetter, type DeadLetter } from './dead-letters.ts';
import { authorize } from '../shared/authorization.ts';
import { createSendingDesk, type Standing } from './sending.ts';
import type { Actor } from '../shared/actor.ts';

/** What one relay run produced. */
export interface RelayBatch {
  /** The events this run holds (leased): mark them relayed once their work is enqueued. */
  eventIds: number[];
  /** Their notifications still to send. */
  notifications: NotificationRef[];
  /** What they schedule for later. */
  followUps: FollowUp[];
  /** Events set aside in this run (they could not be planned). */
  deadLettered: number;
}

/**
 * How a notification travels: the relay turns committed outbox events into notification rows
 * (one per recipient) and enqueues one `notify.send` job per row after that commit; the job
 * sends the row at most once through its channel's notifier. Sending itself happens in
 * `jobs/`; this service owns the rows, their states and what is set aside.
 */
export interface NotificationService {
  /**
   * Claims the oldest events not yet relayed (a lease, so several relays share them), writes
   * their notification rows and works out their follow-ups, and commits. An event that cannot
   * be planned is set aside with one ops alert and blocks nothing. The caller enqueues the
   * work, then calls `markRelayed` (or `releaseBatch` when it could not).
   */
  relayBatch(settings: NotificationSettings, batchSize: number): Promise<RelayBatch>;
  markRelayed(eventIds: number[]): Promise<void>;
  releaseBatch(eventIds: number[]): Promise<void>;
  /** Pending notifications older than this (all of them with 0), by id after `afterId`: their job may have been lost. */
  stalePending(olderThanSeconds: number, limit: number, afterId?: number): Promise<NotificationRef[]>;
  /** Follow-ups that may still be due (open approvals and tickets, recent deliveries), for when Redis lost their timers. */
  openFollowUps(): Promise<FollowUp[]>;
  /** An approval still waiting: one reminder per manager and admin, or (`escalate`) one post to the managers' channel; the rows to send ([] when decided). */
  planApprovalReminders(eventId: number, orderNumber: string, locale: Locale, stage?: 'remind' | 'escalate'): Promise<NotificationRef[]>;
  /**
   * Where one notification stands for its sender: ready (pending and its turn: the recipient's
   * oldest unsettled message, the relay caught up), waiting, settled, or left `sending`.
   * Looks of senders running side by side share one statement.
   */
  look(id: number): Promise<Standing>;
  /** pending → sending just before the platform call; false when it is no longer pending and its turn. */
  claim(id: number): Promise<boolean>;
  /** The platform took it (sends running side by side share one statement). */
  markSent(id: number, externalId: string | null): Promise<void>;
  settle(id: number, status: Exclude<NotificationStatus, 'sending'>, details?: { error?: string; externalId?: string | null }): Promise<void>;
  /**
   * Sets a notification aside: `failed` (refused for good: a dead letter) or `uncertain` (its
   * sender stopped mid-request; never resent). Either way the operators get one alert in the
   * ops channel, unless the notification was itself such an alert.
   */
  setAside(notification: NotificationRecord, status: 'failed' | 'uncertain', error: string): Promise<void>;
  /** The recipient blocked us: this fails, the identity is marked, their waiting ones skipped. */
  markRecipientUnreachable(notification: NotificationRecord, error: string): Promise<number>;
  /** The ticket whose Slack message has this `ts` (a reply in its thread), or null. */
  ticketByThread(threadTs: string): Promise<string | null>;
  /** What is set aside (dead letters), newest first. */
  deadLetters(actor: Actor, limit?: number): Promise<DeadLetter[]>;
  /** Gives a dead letter another go (an event back to the relay, a notification pending again). */
  retryDeadLetter(kind: DeadLetter['kind'], id: number, actor: Actor): Promise<void>;
  /** Drops a dead letter for good. */
  dropDeadLetter(kind: DeadLetter['kind'], id: number, actor: Actor): Promise<void>;
  /** Open notifications, outbox lag and dead letters, for `/metrics`. */
  figures(): Promise<PipelineFigures>;
  /**
   * Calls back when outbox events may have committed: at once for commits of this process, and
   * on the `outbox` NOTIFY that other processes send after theirs. Wakes the relay.
   */
  listenForEvents(options: ListenOptions): DatabaseListener;
}

const alertKinds = new Set(['staff_dead_letter', 'staff_notification_uncertain']);

/**
 * Plans a batch; when that fails, each event alone in a savepoint, setting aside those that
 * fail (and those whose payload is malformed to begin with), so one bad event never holds up
 * the others.
 */
async function planIsolated(tx: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<{ planned: PlannedNotification[]; dead: Set<number> }> {
  const dead: Array<{ event: OutboxRecord; error: string }> = [];
  const valid = events.filter((event) => {
    const problem = payloadProblem(event);
    if (problem) dead.push({ event, error: problem });
    return problem === null;
  });
  let planned: PlannedNotification[];
  try {
    planned = await tx.transactional((inner) => planNotifications(inner, valid, settings));
  } catch {
    planned = [];
    for (const event of valid) {
      try {
        planned.push(...(await tx.transactional((inner) => planNotifications(inner, [event], settings))));
      } catch (error) {
        dead.push({ event, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  for (const { event, error } of dead) {
    await deadLetter(tx, event.id, error);
    if (!opsTopics.has(event.topic)) publish(tx, 'outbox.dead_lettered', { type: 'outbox', id: String(event.id) }, { eventId: event.id, topic: event.topic, error: error.slice(0, 500) });
  }
  if (dead.length > 0) await tx.flush();
  return { planned, dead: new Set(dead.map(({ event }) => event.id)) };
}

export function createNotificationService({ uow, clock, config }: ServiceContext): NotificationService {
  const desk = createSendingDesk(uow);
  const followUpRules = followUpPolicy(config);
  return {
    relayBatch: (settings, batchSize) => uow.write(async (tx) => {
      const claimed = await claimUndispatched(tx, batchSize);
      if (claimed.length === 0) return { eventIds: [], notifications: [], followUps: [], deadLettered: 0 };
      const { planned, dead } = await planIsolated(tx, claimed, settings);
      await insertNotifications(tx, planned);
      const live = claimed.filter((event) => !dead.has(event.id));
      const eventIds = live.map((event) => event.id);
      return { eventIds, notifications: await pendingOfEvents(tx, eventIds), followUps: await followUpsOf(tx, live, followUpRules), deadLettered: dead.size };
    }),
    markRelayed: (eventIds) => uow.write((tx) => markDispatched(tx, eventIds)),
    releaseBatch: (eventIds) => uow.write((tx) => releaseClaims(tx, eventIds)),
    openFollowUps: () => uow.read((em) => openFollowUps(em, followUpRules)),
    stalePending: (olderThanSeconds, limit, afterId) => uow.read((em) => stalePending(em, olderThanSeconds, limit, afterId)),
    planApprovalReminders: (eventId, orderNumber, locale, stage = 'remind') => uow.write((tx) => planApprovalReminders(tx, eventId, orderNumber, locale, clock.now(), stage === 'escalate' ? { to: config.SLACK_MANAGERS_CHANNEL } : null)),
    look: (id) => desk.look(id),
    claim: (id) => desk.claim(id),
    markSent: (id, externalId) => desk.markSent(id, externalId),
    settle: (id, status, details) => uow.write((tx) => settleNotification(tx, id, status, details)),
    setAside: (notification, status, error) => uow.write(async (tx) => {
      await settleNotification(tx, notification.id, status, { error });
      if (alertKinds.has(notification.notice.kind)) return;
      const about = { type: 'notification', id: String(notification.id) };
      if (status === 'uncertain') {
        publish(tx, 'notification.uncertain', about, { notificationId: notification.id, channel: notification.channel, recipient: notification.recipient, kind: notification.notice.kind });
      } else {
        publish(tx, 'notification.dead_lettered', about, { notificationId: notification.id, channel: notification.channel, kind: notification.notice.kind, error: error.slice(0, 500) });
      }
      await tx.flush();
    }),
    markRecipientUnreachable: (notification, error) => uow.write((tx) => markRecipientUnreachable(tx, notification, error)),
    ticketByThread: (threadTs) => uow.read((em) => ticketByThread(em, threadTs)),
    figures: () => uow.read(pipelineFigures),
    deadLetters: async (actor, limit = 100) => {
      authorize(actor, 'staff.admin');
      return uow.read((em) => listDeadLetters(em, limit));
    },
    retryDeadLetter: async (kind, id, actor) => {
      authorize(actor, 'staff.admin');
      await uow.write((tx) => retryDeadLetter(tx, kind, id));
    },
    dropDeadLetter: async (kind, id, actor) => {
      authorize(actor, 'staff.admin');
      await uow.write((tx) => dropDeadLetter(tx, kind, id));
    },
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
