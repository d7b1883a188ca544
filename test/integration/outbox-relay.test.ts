import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/shared/logger.ts';
import { OutboxEvent } from '../../core/shared/outbox.entity.ts';
import { createCoreServices, type CoreServices } from '../../core/services.ts';
import { Notification, type NotificationSettings } from '../../core/notifications/index.ts';
import { insertNotifications } from '../../core/notifications/notification.repository.ts';
import type { MikroORM } from '../../core/db.ts';
import { createRedis } from '../../jobs/redis.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { jobDefinitions } from '../../jobs/definitions.ts';
import { relayOutboxBatch, requeueStaleNotifications, startOutboxRelay } from '../../jobs/outbox-relay.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { testConfig, testOrm } from '../support/app.ts';
import { closeAfterAll, testContext } from '../support/context.ts';
import { eventually } from '../support/back-office.ts';
import { freePort } from '../support/process.ts';

const logger = createLogger('silent');
const settings: NotificationSettings = { channels: new Set(['telegram']), staffLocale: 'en' };
let orm: MikroORM;
let core: CoreServices;
let queues: JobQueues<typeof jobDefinitions>;
let sku: string;
let chat = 100;

beforeAll(async () => {
  orm = await testOrm();
  core = createCoreServices(orm, testConfig());
  const redis = createRedis(testContext.redisUrl, logger, 'relay-test', { failFast: true });
  queues = new JobQueues(redis, testContext.bullPrefix, jobDefinitions);
  closeAfterAll(async () => {
    await queues.close();
    redis.disconnect();
  });
  ({ sku } = await productWithStock(orm, 10_000));
});

/** The notify.send job id of a row: its id and creation time (unique even after a restore). */
const jobIdOf = (row: { id: number; createdAt: Date }) => `ntf-${row.id}-${row.createdAt.getTime().toString(36)}`;

const undispatched = () => orm.em.fork().count(OutboxEvent, { dispatchedAt: null });
/** Places orders 20 at a time (the pool is the production default; a flood past it would get 503s). */
async function placeOrders(count: number) {
  const placed = [];
  for (let i = 0; i < count; i += 20) {
    placed.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, () => chatOrder(core, { sku, chatId: String((chat += 1)) })))));
  }
  return placed;
}

describe('outbox relay', () => {
  it('three relays running at once move each committed event exactly once, with one notification per customer, in one hop', async () => {
    await placeOrders(150);
    const ids = (await orm.em.fork().find(OutboxEvent, { dispatchedAt: null })).map((event) => event.id);
    expect(ids).toHaveLength(150);

    const drain = async () => {
      while ((await relayOutboxBatch(core.notifications, queues, settings, 20)) > 0) { /* next batch */ }
    };
    await Promise.all([drain(), drain(), drain()]);

    expect(await undispatched()).toBe(0);
    const notifications = await orm.em.fork().find(Notification, { eventId: { $in: ids } });
    expect(notifications).toHaveLength(150);
    expect(new Set(notifications.map((row) => row.eventId)).size).toBe(150);
    // One job per notification, straight to the sender, its id unique to the row.
    const queue = queues.queues.get('notifications')!;
    expect(await queue.count()).toBe(150);
    const jobs = await Promise.all(notifications.map((row) => queue.getJob(jobIdOf(row))));
    expect(jobs.map((job) => job?.data)).toEqual(notifications.map((row) => ({ notificationId: row.id })));
    await queue.drain(true);
  });

  it('with Redis gone nothing is enqueued and the events are given back; the next run moves them', async () => {
    const port = await freePort();
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const redis = createRedis(`redis://127.0.0.1:${port}`, logger, 'doomed', { failFast: true });
    const doomed = new JobQueues(redis, testContext.bullPrefix, jobDefinitions);
    closeAfterAll(async () => {
      server.kill('SIGKILL');
      redis.disconnect();
      await doomed.close().catch(() => undefined);
    });
    await eventually('private Redis up', () => redis.status === 'ready');
    server.kill('SIGTERM');
    await once(server, 'exit');

    const [placed] = await placeOrders(1);
    const started = Date.now();
    await expect(relayOutboxBatch(core.notifications, doomed, settings)).rejects.toThrow(/enableOfflineQueue|Connection is closed|ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await undispatched()).toBe(1);
    const queue = queues.queues.get('notifications')!;
    expect(await queue.count()).toBe(0);

    expect(await relayOutboxBatch(core.notifications, queues, settings)).toBe(1);
    expect(await undispatched()).toBe(0);
    const rows = await orm.em.fork().find(Notification, { recipient: String(chat) });
    expect(rows).toHaveLength(1);
    expect(await queue.getJob(jobIdOf(rows[0]!))).toBeDefined();
    expect(placed!.order.status).toBe('confirmed');
    await queue.drain(true);
  });

  it('is woken by the NOTIFY another process sends after its commit (the poll alone would take a minute)', async () => {
    const relay = startOutboxRelay({ notifications: core.notifications, queues, settings, logger, pollMs: 60_000 });
    closeAfterAll(() => relay.stop());
    await eventually('the relay idle', async () => (await undispatched()) === 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Another set of services stands for another process: it shares no in-process signal with the relay.
    const elsewhere = createCoreServices(await testOrm(), testConfig());
    for (let i = 0; i < 3; i += 1) await chatOrder(elsewhere, { sku, chatId: String((chat += 1)) });
    const placedAt = Date.now();
    await eventually('the events moved', async () => (await undispatched()) === 0, 3000);
    expect(Date.now() - placedAt).toBeLessThan(3000);
    await relay.stop();
  });

  it('an idle relay waits for its poll: its own commits wake nobody', async () => {
    let runs = 0;
    const counted = { ...core.notifications, relayBatch: (...args: Parameters<typeof core.notifications.relayBatch>) => { runs += 1; return core.notifications.relayBatch(...args); } };
    const relay = startOutboxRelay({ notifications: counted, queues, settings, logger, pollMs: 60_000 });
    await eventually('the relay idle', async () => (await undispatched()) === 0);
    const before = runs;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await relay.stop();
    // A relay woken by its own empty transactions would have run hundreds of times here.
    expect(runs - before).toBeLessThanOrEqual(1);
  });

  it('enqueues a job again for a notification left pending too long, once', async () => {
    await insertNotifications(orm.em.fork(), [{
      eventId: 987_654, channel: 'telegram', recipient: 'lost-job', identityId: null, locale: 'en',
      notice: { kind: 'order_cancelled', orderNumber: 'SO-20260101-000001', reason: null },
    }]);
    const [row] = await orm.em.fork().find(Notification, { recipient: 'lost-job' });
    const notifications = queues.queues.get('notifications')!;
    expect(await notifications.getJob(jobIdOf(row!))).toBeUndefined();

    expect(await requeueStaleNotifications(core.notifications, queues, 0)).toBeGreaterThanOrEqual(1);
    expect(await requeueStaleNotifications(core.notifications, queues, 0)).toBeGreaterThanOrEqual(1);
    expect((await notifications.getJob(jobIdOf(row!)))?.data).toEqual({ notificationId: row!.id });
    const waiting = await notifications.getJobs(['wait']);
    expect(waiting.filter((job) => job.data.notificationId === row!.id)).toHaveLength(1);
    expect(await requeueStaleNotifications(core.notifications, queues, 3600)).toBe(0);
  });
});
