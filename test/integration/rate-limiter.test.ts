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

/** A limiter with its own keys, so tests do not share budgets. */
const limiter = (perSecond: number, perRecipientPerSecond: number) =>
  new SendRateLimiter(redis, `${testContext.bullPrefix}:run${(run += 1)}`, { telegram: { perSecond, perRecipientPerSecond } });

/** Sends `count` messages as the notification job does, returning when each slot came. */
async function sendTimes(target: SendRateLimiter, recipients: string[]): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(recipients.map(async (recipient) => {
    for (;;) {
      const slot = await target.reserve('telegram', recipient, 10_000);
      await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
      if (slot.reserved) break;
    }
    times.push(Date.now());
  }));
  return times.sort((a, b) => a - b);
}

describe('send rate limiter (shared through Redis)', () => {
  it('keeps the overall rate: 20 messages to 20 chats at 10/s take about two seconds', async () => {
    const times = await sendTimes(limiter(10, 0), Array.from({ length: 20 }, (_, i) => `chat-${i}`));
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(1800);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(80);
  });

  it('spaces messages to one chat by at least a second while others pass', async () => {
    const target = limiter(100, 1);
    const first = await target.reserve('telegram', 'busy', 5000);
    const second = await target.reserve('telegram', 'busy', 5000);
    const other = await target.reserve('telegram', 'quiet', 5000);
    expect(first).toEqual({ reserved: true, waitMs: 0 });
    expect(second.reserved).toBe(false);
    expect(second.waitMs).toBeGreaterThan(900);
    expect(other.reserved).toBe(true);
    expect(other.waitMs).toBeLessThanOrEqual(10);
  });

  it('a pause (after a 429) holds every send on that channel for its duration', async () => {
    const target = limiter(30, 1);
    await target.pause('telegram', 3000);
    const answer = await target.reserve('telegram', 'anyone', 5000);
    expect(answer.reserved).toBe(false);
    expect(answer.waitMs).toBeGreaterThan(2900);
    expect((await target.reserve('slack' as never, 'C1', 5000)).reserved).toBe(true);
  });

  it('a limit of 0 means no limit', async () => {
    const target = limiter(0, 0);
    const answers = await Promise.all(Array.from({ length: 50 }, () => target.reserve('telegram', 'same', 0)));
    expect(answers.every((answer) => answer.reserved && answer.waitMs === 0)).toBe(true);
  });
});
