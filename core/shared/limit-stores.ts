/**
 * The state behind the send rate limiter and the input limits (jobs/), kept where every process
 * sees it. Two stores implement these: Redis (production) and PostgreSQL (the mode without Redis).
 */

/**
 * Where the limiter's state lives (Redis: jobs/rate-limiter.ts; or PostgreSQL in the mode without Redis: `postgres-limits.ts`),
 * shared by every sender. Keys are the limiter's; times are the store's clock in ms.
 */
export interface SlotStore {
  /**
   * Atomically: unless `pauseKey` holds a pause, books the next slot after `globalKey`'s and
   * `recipientKey`'s next free times (intervals 0: no limit), unless it is more than `maxWaitMs`
   * away. `[1, wait, slot]` when booked, `[0, wait]` when the caller should wait and ask again.
   */
  book(pauseKey: string, globalKey: string, recipientKey: string, globalInterval: number, recipientInterval: number, maxWaitMs: number): Promise<[number, number, number?]>;
  /** Holds `key` for `ms`. */
  setPause(key: string, ms: number): Promise<void>;
  /** How long `key`'s pause lasts still (0 when none). */
  pauseLeft(key: string): Promise<number>;
}

/**
 * Where the input limits live (Redis: jobs/input-limiter.ts; or PostgreSQL: `postgres-limits.ts`),
 * shared by every web process. Keys are the limiter's.
 */
export interface InputLimitStore {
  /** Counts one hit of `key` in a window of `windowMs` that starts at its first hit: the count and the ms left. */
  count(key: string, windowMs: number): Promise<[number, number]>;
  /** Adds lease `id` (lapsing after `ttlMs`) to `key`'s open streams unless `cap` are open; true when taken. */
  take(key: string, id: string, cap: number, ttlMs: number): Promise<boolean>;
  /** Keeps lease `id` of `key` for another `ttlMs`. */
  renew(key: string, id: string, ttlMs: number): Promise<void>;
  /** Gives lease `id` of `key` back. */
  release(key: string, id: string): Promise<void>;
}
