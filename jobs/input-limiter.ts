import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/shared/logger.ts';
import type { InputLimiter, StreamLease } from '../bots/input-limits.ts';
import type { InputLimitStore } from '../core/shared/limit-stores.ts';

// KEYS: a key's counter. ARGV: window (ms). The window starts at the key's first hit; returns {count, ms left}.
const countHit = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
`;

// KEYS: the sorted set of a key's streams. ARGV: now, lease end, cap, lease id. 1 when taken.
const takeStream = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
`;

/** The input limits in Redis: a counter per key (one script) and a sorted set of leases per stream key. */
export function redisInputLimits(redis: Redis): InputLimitStore {
  return {
    count: async (key, windowMs) => (await redis.eval(countHit, 1, key, windowMs)) as [number, number],
    take: async (key, id, cap, ttlMs) => (await redis.eval(takeStream, 1, key, Date.now(), Date.now() + ttlMs, cap, id)) === 1,
    renew: async (key, id, ttlMs) => {
      await redis.multi().zadd(key, 'XX', Date.now() + ttlMs, id).pexpire(key, ttlMs).exec();
    },
    release: async (key, id) => {
      await redis.zrem(key, id);
    },
  };
}

/**
 * The chat front ends' `InputLimiter` (bots/input-limits.ts) over a shared store, under the
 * installation's queue prefix. When the store does not answer, it allows (and says so once in
 * the log): limits protect the shop from floods, they must not take the chat down with them.
 */
export class SharedInputLimiter implements InputLimiter {
  readonly #store: InputLimitStore;
  readonly #prefix: string;
  readonly #logger: Logger;
  #warned = false;

  constructor(store: InputLimitStore, prefix: string, logger: Logger) {
    this.#store = store;
    this.#prefix = `${prefix}:input-limit`;
    this.#logger = logger;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; count: number; retryAfterMs: number }> {
    try {
      const [count, left] = await this.#store.count(`${this.#prefix}:${key}`, windowMs);
      // The time left is never more than the window (two first hits at once may read the clock a
      // few milliseconds apart).
      return { allowed: count <= limit, count, retryAfterMs: Math.min(windowMs, Math.max(1, left)) };
    } catch (error) {
      this.#unavailable(error);
      return { allowed: true, count: 0, retryAfterMs: windowMs };
    }
  }

  async openStream(key: string, cap: number, ttlMs: number): Promise<StreamLease | null> {
    const streams = `${this.#prefix}:streams:${key}`;
    const id = randomUUID();
    try {
      if (!(await this.#store.take(streams, id, cap, ttlMs))) return null;
    } catch (error) {
      this.#unavailable(error);
      return { renew: async () => undefined, close: async () => undefined };
    }
    return {
      renew: () => this.#store.renew(streams, id, ttlMs).catch(() => undefined),
      close: () => this.#store.release(streams, id).catch(() => undefined),
    };
  }

  #unavailable(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#logger.warn({ err: (error as Error).message }, 'input limits unavailable; letting traffic through');
  }
}
