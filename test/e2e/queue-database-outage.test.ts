import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrm } from '../../core/db.ts';
import { createApiKey } from '../../core/staff/api-key.service.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../core/shared/embedded-database.ts';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { productWithStock } from '../factories/catalog.ts';
import { apiCustomers, orderPlacer } from '../support/api-orders.ts';
import { closeAfterAll } from '../support/context.ts';
import { eventually } from '../support/back-office.ts';
import { freePort, runScript, waitForOk } from '../support/process.ts';
import { embeddedDataRoot } from '../support/data-dir.ts';

const dataRoot = embeddedDataRoot('orderchat-queue-outage-');
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

/**
 * Issue 25: with the queues in PostgreSQL (no Redis), the database is also the queue store, so
 * its outage is the Redis outage of the production mode: the same guarantees must hold.
 */
describe('queues in PostgreSQL: the database stopped for 10 seconds while orders keep coming', () => {
  it('requests get 503 with Retry-After meanwhile (never a 500), and every accepted order is confirmed exactly once after it returns', async () => {
    const telegram = new FakeTelegramApi();
    const apiRoot = await telegram.start();
    closeAfterAll(() => telegram.stop());
    const dataDir = join(dataRoot, 'postgres');
    let database: EmbeddedDatabase = await startEmbeddedDatabase(dataDir);
    closeAfterAll(() => database.stop());
    const port = await freePort();
    const service = runScript('main.ts', [], {
      DATABASE_URL: database.url, QUEUE_BACKEND: 'postgres', REDIS_URL: 'redis://127.0.0.1:1',
      PORT: String(port), ROLE: 'all', LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot,
      OUTBOX_POLL_SECONDS: '1', DB_ACQUIRE_TIMEOUT_MS: '1000',
    });
    closeAfterAll(async () => { service.child.kill('SIGKILL'); });
    await waitForOk(`http://127.0.0.1:${port}/readyz`, 90_000);

    const orm = await createOrm({ databaseUrl: database.url, poolSize: 2 });
    closeAfterAll(() => orm.close());
    const apiKey = await createApiKey(orm.em.fork(), 'shop', ['admin']);
    const { sku } = await productWithStock(orm, 1000);
    const customers = await apiCustomers(orm, apiKey.id, 60, 710_000);
    const { answers, place: placeOrders } = orderPlacer(`http://127.0.0.1:${port}`, apiKey.plain, sku, customers, 100);

    await placeOrders(0, 20);
    await database.stop();
    const stoppedAt = Date.now();
    await placeOrders(20, 40);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10_000 - (Date.now() - stoppedAt))));
    database = await startEmbeddedDatabase(dataDir, database.port);
    await waitForOk(`http://127.0.0.1:${port}/readyz`, 60_000);
    await placeOrders(40, 60);

    // Never a 500: accepted (201) or "try again shortly" (503 with Retry-After), nothing else.
    expect(answers.filter((answer) => answer.status !== 201 && !(answer.status === 503 && answer.retryAfter))).toEqual([]);
    expect(answers.filter((answer) => answer.i < 20 || answer.i >= 40).every((answer) => answer.status === 201)).toBe(true);
    expect(answers.filter((answer) => answer.status === 503).length).toBeGreaterThan(10);
    const accepted = answers.filter((answer) => answer.status === 201).map((answer) => customers[answer.i]!.chatId);

    const reached = () => telegram.callsTo('sendMessage').map((call) => String(call.params.chat_id));
    await eventually('every accepted order confirmed', () => new Set(reached()).size === accepted.length, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(reached().sort()).toEqual(accepted.sort());

    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  }, 240_000);
});
