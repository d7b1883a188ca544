import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/shared/logger.ts';

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

/** A held place among a key's open streams (the chat front ends' `StreamLease`). */
interface Lease {
  renew(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The chat front ends' `InputLimiter` (bots/input-limits.ts) on Redis under the installation's
 * queue prefix: a counter per key whose window starts at its first hit (one script, one round
 * trip) and a sorted set of leases per stream key. When Redis does not answer, it allows (and
 * says so once in the log).
 */
export class RedisInputLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #logger: Logger;
  #warned = false;

  constructor(redis: Redis, prefix: string, logger: Logger) {
    this.#redis = redis;
    this.#prefix = `${prefix}:input-limit`;
    this.#logger = logger;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; count: number; retryAfterMs: number }> {
    try {
      const [count, left] = (await this.#redis.eval(countHit, 1, `${this.#prefix}:${key}`, windowMs)) as [number, number];
      return { allowed: count <= limit, count, retryAfterMs: Math.max(1, left) };
    } catch (error) {
      this.#unavailable(error);
      return { allowed: true, count: 0, retryAfterMs: windowMs };
    }
  }

  async openStream(key: string, cap: number, ttlMs: number): Promise<Lease | null> {
    const streams = `${this.#prefix}:streams:${key}`;
    const id = randomUUID();
    const free: Lease = { renew: async () => undefined, close: async () => undefined };
    try {
      const taken = await this.#redis.eval(takeStream, 1, streams, Date.now(), Date.now() + ttlMs, cap, id);
      if (taken !== 1) return null;
    } catch (error) {
      this.#unavailable(error);
      return free;
    }
    return {
      renew: async () => {
        await this.#redis.multi().zadd(streams, 'XX', Date.now() + ttlMs, id).pexpire(streams, ttlMs).exec().catch(() => undefined);
      },
      close: async () => {
        await this.#redis.zrem(streams, id).catch(() => undefined);
      },
    };
  }

  #unavailable(error: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#logger.warn({ err: (error as Error).message }, 'input limits unavailable (Redis); letting traffic through');
  }
}
