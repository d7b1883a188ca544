import { Client } from 'pg';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../core/shared/logger.ts';
import { claimUndispatched, markDispatched } from '../core/shared/outbox.ts';
import { insertNotifications, planNotifications, stalePendingIds, type NotificationSettings } from '../core/messaging/index.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';

/** Options of the outbox relay. */
export interface OutboxRelayOptions {
  orm: MikroORM;
  /** Where the relay LISTENs for `outbox` notifications (its own connection). */
  databaseUrl: string;
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
 * Moves one batch of committed outbox events into BullMQ, in one transaction: lock the oldest
 * undispatched rows (SKIP LOCKED, so several relays share the work), write their notification
 * rows, enqueue `evt-<id>` jobs, mark the rows dispatched. If Redis refuses, everything rolls
 * back and the batch is tried again; if the commit fails after enqueueing, the job ids make the
 * second enqueue a no-op. Returns how many events moved.
 */
export async function relayOutboxBatch(em: EntityManager, queues: JobQueues<JobDefinitionsOfApp>, settings: NotificationSettings, batchSize = 200): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const events = await claimUndispatched(tx, batchSize);
    if (events.length === 0) return 0;
    await insertNotifications(tx, await planNotifications(tx, events, settings));
    await queues.enqueueBulk('events.dispatch', events.map((event) => ({ payload: { eventId: event.id, topic: event.topic }, jobId: `evt-${event.id}` })));
    await markDispatched(tx, events.map((event) => event.id));
    return events.length;
  });
}

/**
 * Enqueues the jobs of notifications that have waited too long, in case their job was lost
 * (Redis restarted without persistence). The stable job id makes this a no-op for jobs that exist.
 */
export async function requeueStaleNotifications(em: EntityManager, queues: JobQueues<JobDefinitionsOfApp>, staleAfterSeconds: number): Promise<number> {
  const ids = await stalePendingIds(em.fork(), staleAfterSeconds, 1000);
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
  const { orm, queues, settings, logger } = options;
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

  const listener = listenForOutbox(options.databaseUrl, wake, logger, () => state.running);

  const loop = async () => {
    let failures = 0;
    let lastSweep = Date.now();
    while (state.running) {
      pendingWake = false;
      try {
        const moved = await relayOutboxBatch(orm.em, queues, settings, batchSize);
        if (Date.now() - lastSweep >= staleAfterSeconds * 500) {
          lastSweep = Date.now();
          const requeued = await requeueStaleNotifications(orm.em, queues, staleAfterSeconds);
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

/** A dedicated connection LISTENing on `outbox`; reconnects while the relay runs. */
function listenForOutbox(databaseUrl: string, onNotify: () => void, logger: Logger, isRunning: () => boolean): { close(): Promise<void> } {
  let client: Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new Client({ connectionString: databaseUrl });
    next.on('notification', onNotify);
    next.on('error', () => reconnect(next));
    next.on('end', () => reconnect(next));
    client = next;
    try {
      await next.connect();
      await next.query('LISTEN outbox');
      onNotify();
    } catch {
      reconnect(next);
    }
  };
  const reconnect = (failed: Client) => {
    if (client !== failed || !isRunning() || retry) return;
    client = undefined;
    failed.end().catch(() => undefined);
    logger.debug('outbox LISTEN connection lost; polling until it is back');
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, 2000);
  };
  void connect();
  return {
    async close() {
      clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
