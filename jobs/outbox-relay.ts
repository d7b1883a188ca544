import type { Logger } from '../core/shared/logger.ts';
import type { NotificationService, NotificationSettings } from '../core/notifications/index.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';
import { enqueueNotifications, scheduleFollowUps } from './event.processor.ts';

/** Options of the outbox relay. */
export interface OutboxRelayOptions {
  notifications: NotificationService;
  /** Queues on a Redis connection that fails fast, so an outage gives the batch back at once. */
  queues: JobQueues<JobDefinitionsOfApp>;
  settings: NotificationSettings;
  logger: Logger;
  /**
   * A marker in the Redis the queues live on (`redisDataMarker`). When it is missing, Redis lost
   * its data (restarted without persistence) and may have lost every job: the relay then
   * enqueues all pending notifications at once, and sets it again.
   */
  redisMarker?: { present(): Promise<boolean>; set(): Promise<void> };
  /**
   * Runs when Redis lost its data, after the notifications and follow-up timers are back:
   * what else lived only in Redis (the job schedules) is installed again.
   */
  onRedisDataLost?: () => Promise<void>;
  /** Fallback poll when no wake-up arrives (lost connection, missed signal). @default 5000 */
  pollMs?: number;
  /** Events moved per run. @default 200 */
  batchSize?: number;
  /** Pending notifications older than this get their job enqueued again. @default 30 */
  staleAfterSeconds?: number;
}

/**
 * Relays one batch of committed outbox events, in one hop: `core.notifications.relayBatch`
 * commits their notification rows (and sets aside any event that cannot be planned), then the
 * `notify.send` jobs and follow-up timers are enqueued with ids unique to their rows, and the
 * events are marked relayed. Nothing is enqueued inside a transaction. If Redis refuses, the
 * events are given back and tried again; if this process dies in between, the lease runs out
 * and another relay takes them: the job ids make a second enqueue a no-op. Returns how many
 * events it handled.
 */
export async function relayOutboxBatch(notifications: NotificationService, queues: JobQueues<JobDefinitionsOfApp>, settings: NotificationSettings, batchSize = 200): Promise<number> {
  const batch = await notifications.relayBatch(settings, batchSize);
  if (batch.eventIds.length === 0) return batch.deadLettered;
  try {
    await enqueueNotifications(queues, batch.notifications);
    await scheduleFollowUps(queues, batch.followUps);
  } catch (error) {
    await notifications.releaseBatch(batch.eventIds).catch(() => undefined);
    throw error;
  }
  await notifications.markRelayed(batch.eventIds);
  return batch.eventIds.length + batch.deadLettered;
}

/**
 * Enqueues again the jobs of notifications pending for longer than `staleAfterSeconds` (all of
 * them with 0), in case their job was lost (Redis restarted without persistence). The job ids
 * make this a no-op for jobs that exist. Returns how many it looked at.
 */
export async function requeueStaleNotifications(notifications: NotificationService, queues: JobQueues<JobDefinitionsOfApp>, staleAfterSeconds: number): Promise<number> {
  let total = 0;
  let after = 0;
  for (;;) {
    const refs = await notifications.stalePending(staleAfterSeconds, 1000, after);
    await enqueueNotifications(queues, refs);
    total += refs.length;
    if (refs.length < 1000) return total;
    after = refs.at(-1)!.id;
  }
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
  const staleAfterSeconds = options.staleAfterSeconds ?? 30;
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

  /**
   * Whether Redis lost its data since the last full sweep: looked at most once a second, and
   * every time while a full sweep is due (so the sweep never sets the marker unseen).
   */
  let lastMarkerCheck = 0;
  const redisLostData = async (sweepDue: boolean): Promise<boolean> => {
    if (!options.redisMarker || (!sweepDue && Date.now() - lastMarkerCheck < 1000)) return false;
    lastMarkerCheck = Date.now();
    return !(await options.redisMarker.present());
  };

  const loop = async () => {
    let failures = 0;
    // Every pending notification is swept at start (a previous run may have died with jobs
    // unqueued) and whenever Redis lost its data; then the follow-up timers and schedules are
    // rebuilt too. Each flag stays until its work succeeded.
    let sweepEverything = true;
    let rebuild = false;
    let lastSweep = 0;
    while (state.running) {
      pendingWake = false;
      try {
        if (await redisLostData(sweepEverything)) {
          if (!sweepEverything) logger.warn('Redis lost its data (restarted without persistence?); enqueuing every pending notification and timer again');
          sweepEverything = true;
          rebuild = true;
        }
        const moved = await relayOutboxBatch(notifications, queues, settings, batchSize);
        if (sweepEverything || Date.now() - lastSweep >= staleAfterSeconds * 500) {
          const requeued = await requeueStaleNotifications(notifications, queues, sweepEverything ? 0 : staleAfterSeconds);
          if (rebuild) {
            await scheduleFollowUps(queues, await notifications.openFollowUps());
            await options.onRedisDataLost?.();
            rebuild = false;
          }
          if (sweepEverything) await options.redisMarker?.set();
          else if (requeued > 0) logger.warn({ requeued }, 'stale notifications enqueued again');
          lastSweep = Date.now();
          sweepEverything = false;
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
