import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../core/staff/api-key.service.ts';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { productWithStock } from '../factories/catalog.ts';
import { testOrm } from '../support/app.ts';
import { apiCustomers, orderPlacer } from '../support/api-orders.ts';
import { closeAfterAll, testContext } from '../support/context.ts';
import { eventually } from '../support/back-office.ts';
import { freePort, runScript, waitForOk } from '../support/process.ts';
import { startPrivateRedis } from '../support/redis-server.ts';

describe('Redis stopped for 20 seconds while orders keep coming', () => {
  it('no order request fails, and every confirmation arrives after Redis returns', async () => {
    const telegram = new FakeTelegramApi();
    const apiRoot = await telegram.start();
    closeAfterAll(() => telegram.stop());
    // A private Redis with an append-only file, so a restart keeps the queues (as in production).
    const redis = await startPrivateRedis({ persistent: true });
    const port = await freePort();
    const service = runScript('main.ts', [], {
      DATABASE_URL: testContext.databaseUrl, REDIS_URL: redis.url, BULLMQ_PREFIX: testContext.bullPrefix,
      PORT: String(port), ROLE: 'all', LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot,
      OUTBOX_POLL_SECONDS: '1',
    });
    closeAfterAll(async () => { service.child.kill('SIGKILL'); });
    await waitForOk(`http://127.0.0.1:${port}/readyz`);

    // Customers the shop already knows on Telegram, ordering through the shop's API.
    const orm = await testOrm();
    const apiKey = await createApiKey(orm.em.fork(), 'shop', ['admin']);
    const { sku } = await productWithStock(orm, 1000);
    const customers = await apiCustomers(orm, apiKey.id, 120, 700_000);
    const placer = orderPlacer(`http://127.0.0.1:${port}`, apiKey.plain, sku, customers, 150);
    const placeOrders = (from: number, to: number) => placer.place(from, to);

    await placeOrders(0, 20);
    await redis.stop();
    const stoppedAt = Date.now();
    await placeOrders(20, 100);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 20_000 - (Date.now() - stoppedAt))));
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(20_000);
    const sentWhileDown = telegram.callsTo('sendMessage').filter((call) => call.at > stoppedAt + 500).length;

    await redis.start();
    await placeOrders(100, 120);
    expect(placer.answers.map((answer) => answer.status)).toEqual(Array(120).fill(201));
    expect(sentWhileDown).toBe(0);

    const reached = () => new Set(telegram.callsTo('sendMessage').map((call) => String(call.params.chat_id))).size;
    await eventually('every confirmation', () => reached() === customers.length, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(telegram.callsTo('sendMessage')).toHaveLength(customers.length);

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  }, 180_000);
});
