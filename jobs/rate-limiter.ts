import type { Redis } from 'ioredis';
import type { DeliveryChannel } from '../core/notifications/index.ts';
import type { SlotStore } from '../core/shared/limit-stores.ts';

/** How fast one platform may be sent to. 0 means no limit. */
export interface ChannelLimits {
  /** Messages per second over all recipients (Telegram: about 30). */
  perSecond: number;
  /** Messages per second to one chat or channel (Telegram and Slack: about 1). */
  perRecipientPerSecond: number;
}

/** Where a send may go now, or how long to wait. */
export interface SlotAnswer {
  /** True when a slot `waitMs` from now was booked for this send. */
  reserved: boolean;
  waitMs: number;
  /** When the booked slot is, in ms on the store's clock (shared by every sender; the local clock for a channel without limits); absent when none was booked. */
  at?: number;
}

/**
 * Extra spacing per recipient so two messages never *arrive* closer than the platform's
 * interval because of network jitter.
 */
const recipientHeadroomMs = 20;

// Atomic check-and-book over all senders sharing this Redis (GCRA: one "next free time" per key).
// KEYS: pause, global, recipient. ARGV: global interval, recipient interval, max wait (ms).
// Returns {1, wait, slot} when a slot was booked, {0, wait} when the caller should wait and ask again.
const reserveScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {0, paused} end
local globalInterval, recipientInterval, maxWait = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if recipientInterval > 0 then
  local nextForRecipient = tonumber(redis.call('GET', KEYS[3]) or '0')
  if nextForRecipient > now then return {0, nextForRecipient - now} end
end
local slot = now
if globalInterval > 0 then
  local nextGlobal = tonumber(redis.call('GET', KEYS[2]) or '0')
  if nextGlobal > slot then slot = nextGlobal end
  if slot - now > maxWait then return {0, slot - now} end
  redis.call('SET', KEYS[2], slot + globalInterval, 'PX', slot - now + globalInterval + 1000)
end
if recipientInterval > 0 then
  redis.call('SET', KEYS[3], slot + recipientInterval, 'PX', slot - now + recipientInterval + 1000)
end
return {1, slot - now, slot}
`;

/** The limiter's state in Redis: one Lua script per booking (one round trip). */
export function redisSlots(redis: Redis): SlotStore {
  return {
    book: async (...args) => (await redis.eval(reserveScript, 3, ...args)) as [number, number, number?],
    setPause: async (key, ms) => {
      await redis.set(key, '1', 'PX', ms);
    },
    pauseLeft: async (key) => Math.max(0, await redis.pttl(key)),
  };
}

/** How stale a channel's pause may be when the channel has no limits (a 429 pause lasts seconds). */
const pauseRecheckMs = 100;

/**
 * Paces sends per platform across every worker process: a global rate, a per-recipient
 * rate, and a pause after the platform answered 429. State lives in a shared store (Redis or
 * PostgreSQL) under the queues' prefix, so several workers share one budget.
 */
export class SendRateLimiter {
  private readonly store: SlotStore;
  private readonly prefix: string;
  private readonly limits: Partial<Record<DeliveryChannel, ChannelLimits>>;

  constructor(store: SlotStore, prefix: string, limits: Partial<Record<DeliveryChannel, ChannelLimits>>) {
    this.store = store;
    this.prefix = `${prefix}:send-limit`;
    this.limits = limits;
  }

  /** Books the next slot for one message, unless it is more than `maxWaitMs` away. */
  async reserve(channel: DeliveryChannel, recipient: string, maxWaitMs: number): Promise<SlotAnswer> {
    const limits = this.limits[channel] ?? { perSecond: 0, perRecipientPerSecond: 0 };
    if (limits.perSecond === 0 && limits.perRecipientPerSecond === 0) return this.#unpaced(channel);
    const globalInterval = limits.perSecond > 0 ? Math.ceil(1000 / limits.perSecond) : 0;
    const recipientInterval = limits.perRecipientPerSecond > 0 ? Math.ceil(1000 / limits.perRecipientPerSecond) + recipientHeadroomMs : 0;
    const [reserved, waitMs, at] = await this.store.book(
      `${this.prefix}:${channel}:pause`, `${this.prefix}:${channel}:all`, `${this.prefix}:${channel}:to:${recipient}`,
      globalInterval, recipientInterval, maxWaitMs,
    );
    return reserved === 1 ? { reserved: true, waitMs, at: at! } : { reserved: false, waitMs };
  }

  /**
   * Waits (in this process) for a booked slot for one message, as long as the next free one is
   * at most `maxWaitMs` away. When it is further, returns without booking and says how far, so
   * the caller can come back then (or hand the message over).
   */
  async waitFor(channel: DeliveryChannel, recipient: string, maxWaitMs: number): Promise<{ booked: true } | { booked: false; waitMs: number }> {
    for (;;) {
      const slot = await this.reserve(channel, recipient, maxWaitMs);
      if (slot.waitMs > maxWaitMs) return { booked: false, waitMs: slot.waitMs };
      if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
      if (slot.reserved) return { booked: true };
    }
  }

  /** Stops every send on `channel` for `ms` (the platform's `retry_after`). */
  async pause(channel: DeliveryChannel, ms: number): Promise<void> {
    const duration = Math.max(1, Math.ceil(ms));
    await this.store.setPause(`${this.prefix}:${channel}:pause`, duration);
    this.#pauses.set(channel, { until: Date.now() + duration, checkedAt: Date.now() });
  }

  /** When each unpaced channel's pause was last read from the store, and until when it holds. */
  readonly #pauses = new Map<DeliveryChannel, { until: number; checkedAt: number }>();

  /**
   * A channel without limits only honours pauses (after a 429, set by any process). Its pause
   * is read from Redis at most every `pauseRecheckMs`, not once per message.
   */
  async #unpaced(channel: DeliveryChannel): Promise<SlotAnswer> {
    const now = Date.now();
    let known = this.#pauses.get(channel);
    if (!known || now - known.checkedAt >= pauseRecheckMs) {
      const left = await this.store.pauseLeft(`${this.prefix}:${channel}:pause`);
      known = { until: now + left, checkedAt: now };
      this.#pauses.set(channel, known);
    }
    const waitMs = known.until - now;
    return waitMs > 0 ? { reserved: false, waitMs } : { reserved: true, waitMs: 0, at: now };
  }
}

/** A chat front end's reply pacer (see `bots/telegram/reply-pacer.ts`) over this limiter. */
export function replyPacer(limiter: SendRateLimiter, channel: DeliveryChannel): { slot(chatId: string, maxWaitMs: number): Promise<boolean>; pause(ms: number): Promise<void> } {
  return {
    // The store away: the reply goes unpaced (a 429 is handled by the sender) rather than waiting or failing.
    slot: async (chatId, maxWaitMs) => (await limiter.waitFor(channel, chatId, maxWaitMs).catch(() => ({ booked: true }))).booked,
    pause: (ms) => limiter.pause(channel, ms).catch(() => undefined),
  };
}
