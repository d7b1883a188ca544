import { Redis } from 'ioredis';
import { redactUrl } from '../core/shared/config.ts';
import { answersWithin, DependencyUnavailableError } from '../core/shared/database.ts';
import type { Logger } from '../core/shared/logger.ts';

/** Options of `createRedis`. */
export interface RedisOptions {
  /**
   * Commands fail at once while Redis is unreachable (and after 5 s without an answer)
   * instead of waiting for it. For producers that have a better plan, such as the outbox
   * relay rolling its batch back. BullMQ workers need the default. @default false
   */
  failFast?: boolean;
}

/**
 * Opens a long-lived Redis connection for BullMQ and the web process. It reconnects forever
 * with capped backoff (BullMQ needs `maxRetriesPerRequest: null`), and logs a lost connection
 * once per outage rather than once per reconnect attempt.
 */
export function createRedis(url: string, logger: Logger, name: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.failFast ? 0 : null,
    ...(options.failFast && { enableOfflineQueue: false, commandTimeout: 5000 }),
    connectionName: `orderchat:${name}`,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ redis: redactUrl(url), err: error.message }, 'Redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (down) logger.info({ redis: redactUrl(url) }, 'Redis connection restored');
    down = false;
  });
  return redis;
}

/** Why Redis at `url` does not answer PING within `timeoutMs` (one attempt, no retry storm), or null when it does. */
async function redisRefusal(url: string, timeoutMs: number): Promise<string | null> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  } finally {
    probe.disconnect();
  }
}

/** True when Redis answers at `url` (the embedded mode's "is one running here?"). */
export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  return (await redisRefusal(url, timeoutMs)) === null;
}

/**
 * Start-up check. Throws DependencyUnavailableError naming the URL (password hidden) when
 * Redis does not answer PING within `timeoutMs`.
 */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const reason = await redisRefusal(url, timeoutMs);
  if (reason === null) return;
  throw new DependencyUnavailableError(
    `Cannot connect to Redis at ${redactUrl(url)} (${reason}). ` +
      'Start it (README: "Starting PostgreSQL and Redis"), set REDIS_URL, or set QUEUE_BACKEND=postgres to keep the queues in PostgreSQL.',
  );
}

/** True when Redis answers PING within `timeoutMs`; used by /readyz. */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  return answersWithin(redis.ping(), timeoutMs);
}

/**
 * A key whose absence says Redis lost its data (a restart without persistence, a flush, an
 * eviction) since the relay last swept: every job it held may be gone. The relay checks it,
 * enqueues every pending notification again when it is missing, and only then sets it, so a
 * relay that dies mid-sweep leaves the next one to sweep.
 */
export function redisDataMarker(redis: Redis, prefix: string): { present(): Promise<boolean>; set(): Promise<void> } {
  const key = `${prefix}:relay:swept`;
  return {
    present: async () => (await redis.exists(key)) === 1,
    set: async () => {
      await redis.set(key, new Date().toISOString());
    },
  };
}
