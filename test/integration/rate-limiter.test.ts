import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/shared/logger.ts';
import { openJobStore, type JobStore } from '../../jobs/job-store.ts';
import { SendRateLimiter } from '../../jobs/rate-limiter.ts';
import { SharedInputLimiter } from '../../jobs/input-limiter.ts';
import { closeAfterAll, testContext } from '../support/context.ts';
import { testConfig } from '../support/app.ts';

/** The limiter's state on each store: Redis (production) and PostgreSQL (the mode without Redis). */
const stores: Record<'redis' | 'postgres', JobStore> = {} as never;
let run = 0;

beforeAll(async () => {
  for (const backend of ['redis', 'postgres'] as const) {
    const store = await openJobStore(testConfig({ QUEUE_BACKEND: backend }), createLogger('silent'), 'limiter-test');
    stores[backend] = store;
    closeAfterAll(() => store.close());
  }
});

/** Keys of their own, so tests do not share budgets. */
const newKeys = () => `${testContext.bullPrefix}:run${(run += 1)}`;

/**
 * Books a slot for one message to each recipient at once, as many notification jobs would,
 * and returns the booked slots (the store's clock, ms), in order. Asserting on the booked slots
 * rather than on when timers fired keeps the test exact on a busy machine.
 */
async function bookedSlots(target: SendRateLimiter, recipients: string[]): Promise<number[]> {
  const answers = await Promise.all(recipients.map((recipient) => target.reserve('telegram', recipient, 10_000)));
  expect(answers.every((answer) => answer.reserved)).toBe(true);
  return answers.map((answer) => answer.at!).sort((a, b) => a - b);
}

/** Time between consecutive booked slots. */
const gaps = (booked: number[]) => booked.slice(1).map((slot, i) => slot - booked[i]!);

describe.each(['redis', 'postgres'] as const)('send rate limiter (shared through %s)', (backend) => {
  /** A limiter on `keys` (new ones by default); two limiters on the same keys are two processes sharing a budget. */
  const limiter = (perSecond: number, perRecipientPerSecond: number, keys = newKeys()) =>
    new SendRateLimiter(stores[backend].slots(false), keys, { telegram: { perSecond, perRecipientPerSecond } });

  it('keeps the overall rate: 20 messages to 20 chats at 10/s are booked 100 ms apart or more, over 1.9 s', async () => {
    const slots = await bookedSlots(limiter(10, 0), Array.from({ length: 20 }, (_, i) => `chat-${i}`));
    // Booked at once, so back to back: exactly the interval apart (more only if the store stalled between two bookings).
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

describe.each(['redis', 'postgres'] as const)('input limits (shared through %s)', (backend) => {
  const inputLimiter = () => new SharedInputLimiter(stores[backend].inputs, newKeys(), createLogger('silent'));

  it('counts hits in a window that starts at the first one, across processes, and starts again after it', async () => {
    const keys = newKeys();
    const [one, two] = [new SharedInputLimiter(stores[backend].inputs, keys, createLogger('silent')), new SharedInputLimiter(stores[backend].inputs, keys, createLogger('silent'))];
    const hits = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? one : two).hit('chat:1', 5, 1500)));
    expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(hits.filter((hit) => !hit.allowed)).toHaveLength(1);
    expect(Math.max(...hits.map((hit) => hit.retryAfterMs))).toBeLessThanOrEqual(1500);
    // Another key has a window of its own.
    expect(await one.hit('chat:2', 5, 1500)).toMatchObject({ allowed: true, count: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await two.hit('chat:1', 5, 1500)).toMatchObject({ allowed: true, count: 1 });
  });

  it('holds at most `cap` open streams per key; a closed or lapsed one frees its place', async () => {
    const limits = inputLimiter();
    const first = await limits.openStream('visitor', 2, 1500);
    const second = await limits.openStream('visitor', 2, 60_000);
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(await limits.openStream('visitor', 2, 60_000)).toBeNull();
    expect(await limits.openStream('someone-else', 2, 60_000)).not.toBeNull();
    await second!.close();
    const third = await limits.openStream('visitor', 2, 60_000);
    expect(third).not.toBeNull();
    // The first lapses unless renewed: renewed, it still holds its place; then left to lapse, it frees it.
    await first!.renew();
    expect(await limits.openStream('visitor', 2, 60_000)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await limits.openStream('visitor', 2, 60_000)).not.toBeNull();
  });
});
