import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { customerActor, systemActor } from '../../core/shared/actor.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { startPrivateRedis, type PrivateRedis } from '../support/redis-server.ts';

/*
 * A Redis without persistence that restarts comes back empty: every job it held is gone while
 * their notification rows stay pending in PostgreSQL. The relay notices (its marker key is gone,
 * or at its start-up sweep) and enqueues them again at once, instead of after the 30 s stale sweep.
 */

const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

/** Jobs of the notifications queue that no worker has taken (the queue is paused). */
async function waitingNotifications(office: TestBackOffice): Promise<number> {
  const counts = await office.queues.queues.get('notifications')!.getJobCounts('wait', 'prioritized');
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

async function keysIn(redis: PrivateRedis): Promise<number> {
  const client = new Redis(redis.url);
  try {
    return await client.dbsize();
  } finally {
    client.disconnect();
  }
}

/** Places one chat order per chat id, one after the other. */
async function orders(office: TestBackOffice, sku: string, chats: string[]): Promise<void> {
  for (const chatId of chats) await chatOrder(office.core, { sku, chatId });
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

/** Every chat got exactly one message (its confirmation), and nothing else was sent. */
async function expectOneEach(office: TestBackOffice, chats: string[]): Promise<void> {
  await settle();
  const sends = office.telegram.callsTo('sendMessage');
  expect(chats.map((chatId) => sends.filter((call) => String(call.params.chat_id) === chatId).length)).toEqual(chats.map(() => 1));
  expect(sends).toHaveLength(chats.length);
}

const reachedAll = (office: TestBackOffice, chats: string[]) => () => {
  const reached = new Set(office.telegram.callsTo('sendMessage').map((call) => String(call.params.chat_id)));
  return chats.every((chatId) => reached.has(chatId));
};

describe('Redis restarted without persistence', () => {
  it('while the worker is down and orders keep arriving: once both are back, every confirmation arrives once, the first within 10 s', async () => {
    const redis = await startPrivateRedis({ persistent: false });
    const env = { REDIS_URL: redis.url, DEFAULT_LOCALE: 'en' };
    const before = await startTestBackOffice(env);
    const { sku } = await productWithStock(before.orm, 10_000);
    const [delivered, queued, whileDown] = [range(860_000, 5), range(860_100, 5), range(860_200, 5)];
    await orders(before, sku, delivered);
    await eventually('the first confirmations', reachedAll(before, delivered));

    // Jobs enqueued but not yet taken when the worker stops (the queue is paused to hold them).
    await before.queues.queues.get('notifications')!.pause();
    await orders(before, sku, queued);
    await eventually('their jobs in Redis', async () => (await waitingNotifications(before)) === queued.length);
    await before.stop();

    await redis.stop(true);
    await redis.start();
    expect(await keysIn(redis)).toBe(0);
    await orders(before, sku, whileDown);

    const recoveredAt = Date.now();
    const after = await startTestBackOffice(env, { telegram: before.telegram, slack: before.slack });
    const everyone = [...delivered, ...queued, ...whileDown];
    await eventually('every confirmation', reachedAll(after, everyone), 30_000);
    const firstAfter = Math.min(...after.telegram.callsTo('sendMessage').filter((call) => call.at >= recoveredAt).map((call) => call.at));
    expect(firstAfter - recoveredAt).toBeLessThan(10_000);
    await expectOneEach(after, everyone);
    await after.stop(); // the next test's orders are in this database too
  }, 90_000);

  it('under a running worker: the jobs it lost are enqueued again within seconds of Redis returning', async () => {
    const redis = await startPrivateRedis({ persistent: false });
    const office = await startTestBackOffice({ REDIS_URL: redis.url, DEFAULT_LOCALE: 'en' });
    const { sku } = await productWithStock(office.orm, 10_000);
    const [delivered, lost, afterwards] = [range(870_000, 3), range(870_100, 5), range(870_200, 3)];
    await orders(office, sku, delivered);
    await eventually('the first confirmations', reachedAll(office, delivered));

    await office.queues.queues.get('notifications')!.pause();
    await orders(office, sku, lost);
    await eventually('their jobs in Redis', async () => (await waitingNotifications(office)) === lost.length);
    await redis.stop(true);
    await redis.start();
    const backAt = Date.now();
    await orders(office, sku, afterwards);

    await eventually('every confirmation', reachedAll(office, [...delivered, ...lost, ...afterwards]), 30_000);
    // The stale sweep alone would take 30 s or more: the missing marker sends them at once.
    const lostArrived = Math.max(...office.telegram.callsTo('sendMessage').filter((call) => lost.includes(String(call.params.chat_id))).map((call) => call.at));
    expect(lostArrived - backAt).toBeLessThan(10_000);
    await expectOneEach(office, [...delivered, ...lost, ...afterwards]);
    await office.stop();
  }, 90_000);

  it('the follow-up timers and job schedules that lived only in Redis are rebuilt: a reminder due after the loss arrives once', async () => {
    const redis = await startPrivateRedis({ persistent: false });
    const office = await startTestBackOffice({ REDIS_URL: redis.url, DEFAULT_LOCALE: 'en', APPROVAL_THRESHOLD_MINOR: '100000', APPROVAL_REMINDER_MINUTES: '0.15', CHAT_MAX_QUANTITY_PER_LINE: '1000', CHAT_MAX_UNITS_PER_ORDER: '100000' });
    await office.core.staff.addStaff({ slackUserId: 'U0BOSS', name: 'Li', role: 'manager' }, systemActor);
    const { sku } = await productWithStock(office.orm, 10_000, { priceMinor: 4800 });
    const { order } = await chatOrder(office.core, { sku, chatId: '871000', quantity: 30 });
    expect(order.status).toBe('pending_approval');
    const customer = await office.core.customers.resolve({ channel: 'telegram', externalId: '871000' }, { name: 'Customer 871000' });
    const ticket = await office.core.support.openTicket({ kind: 'complaint', description: 'Box dented', channel: 'telegram', actor: customerActor(customer.id) });
    const events = office.queues.queues.get('events')!;
    const maintenance = office.queues.queues.get('maintenance')!;
    const timers = async () => (await events.getDelayed()).map((job) => job.name).sort();
    // The approval's ladder (reminder, escalation, timeout) and the ticket's four SLA timers.
    const expected = [...Array(3).fill('approvals.remind'), ...Array(4).fill('tickets.sla')];
    await eventually('the timers in Redis', async () => JSON.stringify(await timers()) === JSON.stringify(expected));
    const schedules = (await maintenance.getJobSchedulers()).map((each) => each.key).sort();
    expect(schedules).toContain('daily-digest');

    // It comes back empty (the first test shows it); the running worker writes to it at once.
    await redis.stop(true);
    await redis.start();
    await eventually('the timers rebuilt', async () => JSON.stringify(await timers()) === JSON.stringify(expected), 10_000);
    const slaTimers = (await events.getDelayed()).filter((job) => job.name === 'tickets.sla');
    expect((await events.getDelayed()).filter((job) => job.name === 'approvals.remind').map((job) => job.data.stage).sort()).toEqual(['escalate', 'remind', 'timeout']);
    expect(slaTimers.map((job) => job.data.ticketNumber)).toEqual(Array(4).fill(ticket.number));
    await eventually('the schedules', async () => JSON.stringify((await maintenance.getJobSchedulers()).map((each) => each.key).sort()) === JSON.stringify(schedules), 10_000);

    const reminders = () => office.slack.postsTo('U0BOSS').filter((post) => String(post.params.text).includes(order.number));
    await eventually('the approval reminder', () => reminders().length >= 1, 20_000);
    await settle();
    expect(reminders()).toHaveLength(1);
    await office.stop();
  }, 90_000);
});
