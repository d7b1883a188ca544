import type { Logger } from '../core/shared/logger.ts';
import type { NotificationService, NotificationSettings } from '../core/notifications/index.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';

/** Options of the outbox relay. */
export interface OutboxRelayOptions {
  notifications: NotificationService;
  /** Queues on a Redis connection that fails fast, so an outage rolls the batch back at once. */
  queues: JobQueues<JobDefinitionsOfApp>;
  settings: NotificationSettings;
  logger: Logger;
  /** Fallback poll when no NOTIFY arrives (lost connection, missed wake-up). @default 5000 */
  pollMs?: number;
  /** Events moved per transaction. @default 200 */
  batchSize?: number;
  /** Pending notifications older than this get their job enqueued again. @default 60 */
  staleAfterSeconds?: number;
}

/**
 * Moves one batch of committed outbox events into BullMQ (`core.notifications.relayBatch`):
 * the notification rows are written, `evt-<id>` jobs enqueued and the rows marked dispatched
 * in one transaction. If Redis refuses, everything rolls back and the batch is tried again; if
 * the commit fails after enqueueing, the job ids make the second enqueue a no-op. Returns how
 * many events moved.
 */
export async function relayOutboxBatch(notifications: NotificationService, queues: JobQueues<JobDefinitionsOfApp>, settings: NotificationSettings, batchSize = 200): Promise<number> {
  return notifications.relayBatch(settings, batchSize, (events) =>
    queues.enqueueBulk('events.dispatch', events.map((event) => ({ payload: { eventId: event.id, topic: event.topic }, jobId: `evt-${event.id}` }))));
}

/**
 * Enqueues the jobs of notifications that have waited too long, in case their job was lost
 * (Redis restarted without persistence). The stable job id makes this a no-op for jobs that exist.
 */
export async function requeueStaleNotifications(notifications: NotificationService, queues: JobQueues<JobDefinitionsOfApp>, staleAfterSeconds: number): Promise<number> {
  const ids = await notifications.stalePendingIds(staleAfterSeconds, 1000);
  await queues.enqueueBulk('notify.send', ids.map((id) => ({ payload: { notificationId: id }, jobId: `ntf-${id}` })));
  return ids.length;
}

/** A running relay. */
export interface OutboxRelay {
  /** Runs a batch now (also what a NOTIFY does). */
  wake(): void;
  /** Finishes the batch in progress and stops. */
  stop(): Promise<void>;
}

/**
 * Starts the relay loop: woken by `LISTEN outbox`, polling every `pollMs` as a fallback, backing
 * off while Redis or PostgreSQL is down and catching up when they return.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { notifications, queues, settings, logger } = options;
  const pollMs = options.pollMs ?? 5000;
  const batchSize = options.batchSize ?? 200;
  const staleAfterSeconds = options.staleAfterSeconds ?? 60;
  const state = { running: true };
  let wakeUp: (() => void) | undefined;
  let pendingWake = false;

  const wake = () => {
    pendingWake = true;
    wakeUp?.();
  };
  /** Sleeps `ms`, or less when woken (if `wakeable`) or stopped. */
  const idle = (ms: number, wakeable: boolean) => new Promise<void>((resolve) => {
    if (!state.running || (wakeable && pendingWake)) return resolve();
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      wakeUp = undefined;
      resolve();
    }
    wakeUp = () => {
      if (wakeable || !state.running) finish();
    };
  });

  const listener = notifications.listenForEvents({
    onNotify: wake,
    onConnected: wake,
    onLost: () => logger.debug('outbox LISTEN connection lost; polling until it is back'),
  });

  const loop = async () => {
    let failures = 0;
    let lastSweep = Date.now();
    while (state.running) {
      pendingWake = false;
      try {
        const moved = await relayOutboxBatch(notifications, queues, settings, batchSize);
        if (Date.now() - lastSweep >= staleAfterSeconds * 500) {
          lastSweep = Date.now();
          const requeued = await requeueStaleNotifications(notifications, queues, staleAfterSeconds);
          if (requeued > 0) logger.warn({ requeued }, 'stale notifications enqueued again');
        }
        if (failures > 0) logger.info({ failures }, 'outbox relay resumed');
        failures = 0;
        if (moved === batchSize) continue;
        await idle(pollMs, true);
      } catch (error) {
        failures += 1;
        if (failures === 1) logger.warn({ err: (error as Error).message }, 'outbox relay cannot move events yet; retrying with backoff');
        await idle(Math.min(250 * 2 ** failures, 5000), false);
      }
    }
  };
  const done = loop();

  return {
    wake,
    async stop() {
      state.running = false;
      wakeUp?.();
      await done;
      await listener.close();
    },
  };
}
