import { runMigrations } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../core/shared/config.ts';
import { openQueueDatabase } from '../core/shared/queue-database.ts';
import type { InputLimitStore, SlotStore } from '../core/shared/limit-stores.ts';
import type { Logger } from '../core/shared/logger.ts';
import { PostgresQueueConnection, type JobConnection } from './job-connection.ts';
import { checkRedis, createRedis, pingRedis, redisAnswers, redisDataMarker } from './redis.ts';
import { redisSlots } from './rate-limiter.ts';
import { redisInputLimits } from './input-limiter.ts';

export type QueueBackend = 'redis' | 'postgres';

/**
 * Everything a process keeps outside its database tables for the job system: the queues'
 * connections, the send limiter's and the input limits' state, the probe `/readyz` asks. On
 * Redis (production) or, in the mode without Redis, on PostgreSQL (BullMQ's PostgreSQL
 * backend, schema `bullmq`; the limits in unlogged tables).
 */
export interface JobStore {
  readonly backend: QueueBackend;
  /** Queues and workers: waits out an outage and carries on. */
  readonly connection: JobConnection;
  /** Producers that have a better plan than waiting (the outbox relay, replies): fails at once. */
  readonly fastConnection: JobConnection;
  /** The send limiter's state over the patient (workers) or the fail-fast (replies) connection. */
  slots(fast: boolean): SlotStore;
  /** The input limits' state (fail-fast). */
  readonly inputs: InputLimitStore;
  /** Redis only: the marker whose absence says Redis lost its data (`redisDataMarker`). */
  dataMarker(prefix: string): { present(): Promise<boolean>; set(): Promise<void> } | undefined;
  /** `/readyz`'s probe, named after the backend (`redis` or `queues`). */
  readonly readiness: Record<string, () => Promise<boolean>>;
  close(): Promise<void>;
}

/**
 * Where the queues live. An explicit QUEUE_BACKEND or REDIS_URL is obeyed (an unreachable Redis
 * fails, naming REDIS_URL). Otherwise Redis, except in the modes meant to need nothing installed
 * (`npm run demo`, EMBEDDED=1): there PostgreSQL when no Redis answers at the default address.
 */
export async function chooseQueueBackend(config: Config, demo: boolean): Promise<QueueBackend> {
  if (config.QUEUE_BACKEND === 'postgres') return 'postgres';
  const mayFallBack = config.QUEUE_BACKEND === undefined && !config.redisUrlGiven && (demo || config.EMBEDDED);
  if (mayFallBack && !(await redisAnswers(config.REDIS_URL))) return 'postgres';
  await checkRedis(config.REDIS_URL);
  return 'redis';
}

/** Opens the job store `config.QUEUE_BACKEND` names (Redis when unset); `name` names its connections. */
export async function openJobStore(config: Config, logger: Logger, name: string): Promise<JobStore> {
  return config.QUEUE_BACKEND === 'postgres' ? openPostgresStore(config, logger, name) : openRedisStore(config, logger, name);
}

function openRedisStore(config: Config, logger: Logger, name: string): JobStore {
  const redis = createRedis(config.REDIS_URL, logger, name);
  const fast = createRedis(config.REDIS_URL, logger, `${name}-fast`, { failFast: true });
  return {
    backend: 'redis',
    connection: redis,
    fastConnection: fast,
    slots: (isFast) => redisSlots(isFast ? fast : redis),
    inputs: redisInputLimits(fast),
    dataMarker: (prefix) => redisDataMarker(fast, prefix),
    readiness: { redis: () => pingRedis(redis) },
    close: async () => {
      fast.disconnect();
      await quit(redis);
    },
  };
}

async function quit(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}

async function openPostgresStore(config: Config, logger: Logger, name: string): Promise<JobStore> {
  const database = openQueueDatabase({
    databaseUrl: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, acquireTimeoutMs: config.DB_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS, name, logger,
  });
  const client = await database.pool.connect();
  try {
    // Idempotent and serialised by BullMQ's advisory lock: every process may run it at start.
    await runMigrations(client, 'bullmq');
  } finally {
    client.release();
  }
  const connection = new PostgresQueueConnection(database.pool);
  return {
    backend: 'postgres',
    connection,
    fastConnection: connection,
    slots: () => database.slots,
    inputs: database.inputs,
    dataMarker: () => undefined,
    readiness: { queues: () => database.ping() },
    close: () => database.close(),
  };
}
