import { beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createLogger } from '../../core/shared/logger.ts';
import { createRedis } from '../../jobs/redis.ts';
import { SendRateLimiter } from '../../jobs/rate-limiter.ts';
import { closeAfterAll, testContext } from '../support/context.ts';

let redis: Redis;
let run = 0;

beforeAll(() => {
  redis = createRedis(testContext.redisUrl, createLogger('silent'), 'limiter-test');
  closeAfterAll(async () => { redis.disconnect(); });
});

/** Keys of their own, so tests do not share budgets. */
const newKeys = () => `${testContext.bullPrefix}:run${(run += 1)}`;
/** A limiter on `keys` (new ones by default); two limiters on the same keys are two processes sharing a budget. */
const limiter = (perSecond: number, perRecipientPerSecond: number, keys = newKeys()) =>
  new SendRateLimiter(redis, keys, { telegram: { perSecond, perRecipientPerSecond } });

/**
 * Books a slot for one message to each recipient at once, as many notification jobs would,
 * and returns the booked slots (Redis's clock, ms), in order. Asserting on the booked slots
 * rather than on when timers fired keeps the test exact on a busy machine.
 */
async function bookedSlots(target: SendRateLimiter, recipients: string[]): Promise<number[]> {
  const answers = await Promise.all(recipients.map((recipient) => target.reserve('telegram', recipient, 10_000)));
  expect(answers.every((answer) => answer.reserved)).toBe(true);
  return answers.map((answer) => answer.at!).sort((a, b) => a - b);
}

/** Time between consecutive booked slots. */
const gaps = (booked: number[]) => booked.slice(1).map((slot, i) => slot - booked[i]!);

describe('send rate limiter (shared through Redis)', () => {
  it('keeps the overall rate: 20 messages to 20 chats at 10/s are booked 100 ms apart or more, over 1.9 s', async () => {
    const slots = await bookedSlots(limiter(10, 0), Array.from({ length: 20 }, (_, i) => `chat-${i}`));
    // Booked at once, so back to back: exactly the interval apart (more only if Redis stalled between two bookings).
    expect(gaps(slots).every((gap) => gap >= 100)).toBe(true);
    expect(slots.at(-1)! - slots[0]!).toBeGreaterThanOrEqual(1900);
    // Two processes sharing the budget: their bookings interleave, never overlap.
    const keys = newKeys();
    const both = (await Promise.all([bookedSlots(limiter(10, 0, keys), ['a', 'b', 'c']), bookedSlots(limiter(10, 0, keys), ['d', 'e', 'f'])])).flat().sort((a, b) => a - b);
    expect(gaps(both).every((gap) => gap >= 100)).toBe(true);
  });

  it('spaces messages to one chat by at least a second while others pass', async () => {
    const target = limiter(100, 1);
    const first = await target.reserve('telegram', 'busy', 5000);
    const second = await target.reserve('telegram', 'busy', 5000);
    const other = await target.reserve('telegram', 'quiet', 5000);
    expect(first).toMatchObject({ reserved: true, waitMs: 0 });
    expect(second.reserved).toBe(false);
    expect(second.waitMs).toBeGreaterThan(0);
    expect(other.reserved).toBe(true);
    expect(other.at! - first.at!).toBeLessThan(1000);
    // Asked again when told to, the busy chat gets the slot a second (and the jitter headroom) after the first.
    await new Promise((resolve) => setTimeout(resolve, second.waitMs));
    const third = await target.reserve('telegram', 'busy', 5000);
    expect(third.reserved).toBe(true);
    expect(third.at! - first.at!).toBeGreaterThanOrEqual(1020);
  });

  it('a pause (after a 429) holds every send on that channel for its duration', async () => {
    const target = limiter(30, 1);
    await target.pause('telegram', 3000);
    const answer = await target.reserve('telegram', 'anyone', 5000);
    expect(answer.reserved).toBe(false);
    expect(answer.waitMs).toBeGreaterThan(2000);
    expect(answer.waitMs).toBeLessThanOrEqual(3000);
    expect((await target.reserve('slack' as never, 'C1', 5000)).reserved).toBe(true);
  });

  it('a channel without limits still honours a pause another process set (read at most every 100 ms)', async () => {
    const keys = newKeys();
    const sender = limiter(0, 0, keys);
    expect((await sender.reserve('telegram', 'a', 0)).reserved).toBe(true);
    await limiter(0, 0, keys).pause('telegram', 3000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const answer = await sender.reserve('telegram', 'a', 5000);
    expect(answer.reserved).toBe(false);
    expect(answer.waitMs).toBeGreaterThan(2000);
  });

  it('a limit of 0 means no limit', async () => {
    const target = limiter(0, 0);
    const answers = await Promise.all(Array.from({ length: 50 }, () => target.reserve('telegram', 'same', 0)));
    expect(answers.every((answer) => answer.reserved && answer.waitMs === 0)).toBe(true);
  });
});
