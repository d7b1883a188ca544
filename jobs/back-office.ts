import type { Worker } from 'bullmq';
import type { Config } from '../core/shared/config.ts';
import type { CoreServices } from '../core/services.ts';
import type { Logger } from '../core/shared/logger.ts';
import type { DeliveryChannel, NotificationSettings, Notifier } from '../core/notifications/index.ts';
import type { JobStore } from './job-store.ts';
import { JobQueues } from './queues.ts';
import { jobDefinitions, type JobDefinitionsOfApp } from './definitions.ts';
import { createProcessors } from './processors.ts';
import { startWorkers } from './worker.ts';
import type { SendMetrics } from './notify.processor.ts';
import { installSchedules } from './schedules.ts';
import { startOutboxRelay, type OutboxRelay } from './outbox-relay.ts';
import { SendRateLimiter, type ChannelLimits } from './rate-limiter.ts';
import type { DigestChannel } from '../core/analytics/index.ts';

/** What the worker role needs from the composition root. */
export interface BackOfficeOptions {
  config: Config;
  core: CoreServices;
  /** The process's job store (Redis or PostgreSQL): its patient connection runs the workers. */
  jobs: JobStore;
  /** Producer side on the same connection, for follow-up jobs; its prefix names the installation's queues. */
  queues: JobQueues<JobDefinitionsOfApp>;
  logger: Logger;
  /** Notifiers of the channels that are switched on. */
  notifiers: Partial<Record<DeliveryChannel, Notifier>>;
  /** Where the daily digest goes. */
  digest?: DigestChannel | undefined;
  /** Counts what the notification sender does, for `/metrics`. */
  metrics?: SendMetrics | undefined;
}

/** The running workers, outbox relay and schedules of one process. */
export interface BackOffice {
  workers: Worker[];
  relay: OutboxRelay;
  /** Stops the relay, then lets active jobs finish and closes the workers. */
  stop(): Promise<void>;
}

/** Platform limits from the configuration (0 switches one off). */
export function channelLimits(config: Config): Record<DeliveryChannel, ChannelLimits> {
  return {
    telegram: { perSecond: config.TELEGRAM_MAX_PER_SECOND, perRecipientPerSecond: config.TELEGRAM_CHAT_MAX_PER_SECOND },
    slack: { perSecond: 0, perRecipientPerSecond: config.SLACK_CHANNEL_MAX_PER_SECOND },
    webchat: { perSecond: 0, perRecipientPerSecond: 0 },
    email: { perSecond: config.EMAIL_MAX_PER_SECOND, perRecipientPerSecond: 0 },
  };
}

/** Who is messaged, given the notifiers that exist. */
export function notificationSettings(config: Config, notifiers: Partial<Record<DeliveryChannel, Notifier>>): NotificationSettings {
  return {
    channels: new Set(Object.keys(notifiers) as DeliveryChannel[]),
    approvalsChannel: config.SLACK_APPROVALS_CHANNEL,
    supportChannel: config.SLACK_SUPPORT_CHANNEL,
    opsChannel: config.SLACK_OPS_CHANNEL,
    staffLocale: config.DEFAULT_LOCALE,
  };
}

/**
 * Starts what `ROLE=worker` runs: one BullMQ worker per queue, the outbox relay and the
 * schedules. Several processes may do this at once; BullMQ and SKIP LOCKED share the work.
 */
export async function startBackOffice(options: BackOfficeOptions): Promise<BackOffice> {
  const { config, core, jobs, queues, logger, notifiers } = options;
  const limiter = new SendRateLimiter(jobs.slots(false), queues.prefix, channelLimits(config));
  const workers = startWorkers({
    connection: jobs.connection,
    prefix: queues.prefix,
    definitions: jobDefinitions,
    processors: createProcessors({ core, logger, queues, notifiers, limiter, staffLocale: config.DEFAULT_LOCALE, digest: options.digest, metrics: options.metrics }),
    logger,
    // Notification jobs mostly wait on platform limits, so many run side by side.
    concurrency: { notifications: config.NOTIFY_CONCURRENCY, events: 8, maintenance: 2 },
    lockDurationMs: config.JOB_LOCK_SECONDS * 1000,
  });
  // The relay enqueues over the fail-fast connection: an outage gives its batch back at once.
  const relayQueues = new JobQueues(jobs.fastConnection, queues.prefix, jobDefinitions);
  const relay = startOutboxRelay({
    notifications: core.notifications,
    redisMarker: jobs.dataMarker(queues.prefix),
    onRedisDataLost: () => installSchedules(relayQueues, config),
    queues: relayQueues,
    settings: notificationSettings(config, notifiers),
    logger,
    pollMs: config.OUTBOX_POLL_SECONDS * 1000,
  });
  await installSchedules(queues, config);
  return {
    workers,
    relay,
    async stop() {
      await relay.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      await relayQueues.close();
    },
  };
}
