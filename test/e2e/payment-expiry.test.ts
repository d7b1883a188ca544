import { describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { customerActor } from '../../core/shared/actor.ts';
import { createCoreServices } from '../../core/services.ts';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { testConfig, testOrm } from '../support/app.ts';
import { closeAfterAll, serviceEnv } from '../support/context.ts';
import { eventually } from '../support/back-office.ts';
import { stockOf } from '../support/inspect.ts';
import { freePort, runScript, waitForOk, type Spawned } from '../support/process.ts';

const orders = 6;
const expirySeconds = 10;

describe('unpaid online orders expire exactly once across a worker crash', () => {
  it('placed while a worker runs, the worker SIGKILLed, two workers started after the expiry: each order cancelled once, stock back, one message per customer', async () => {
    const telegram = new FakeTelegramApi();
    const apiRoot = await telegram.start();
    closeAfterAll(() => telegram.stop());
    const env = async (): Promise<Record<string, string>> => {
      const port = await freePort();
      return {
        ...serviceEnv(),
        PORT: String(port), METRICS_PORT: String(port), ROLE: 'worker', LOG_LEVEL: 'warn', DEFAULT_LOCALE: 'en',
        TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot,
        JOB_LOCK_SECONDS: '3', OUTBOX_POLL_SECONDS: '1',
        PAYMENT_EXPIRY_MINUTES: String(expirySeconds / 60), PAYMENT_SWEEP_SECONDS: '0.5',
      };
    };
    const first = await env();
    const doomed: Spawned = runScript('main.ts', [], first);
    closeAfterAll(async () => { doomed.child.kill('SIGKILL'); });
    await waitForOk(`http://127.0.0.1:${first.PORT}/healthz`);

    const orm = await testOrm();
    const core = createCoreServices(orm, testConfig());
    const { sku } = await productWithStock(orm, 20);
    const chats = Array.from({ length: orders }, (_, i) => String(930_000 + i));
    const numbers: string[] = [];
    for (const chatId of chats) {
      const customer = await core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: 'Late payer', locale: 'en' });
      const { order } = await core.orders.placeOrder({
        channel: 'telegram', identity: { channel: 'telegram', externalId: chatId }, contact: { name: 'Late payer', locale: 'en' },
        lines: [{ sku, quantity: 2 }], shippingAddress: shanghai, paymentMethod: 'online', actor: customerActor(customer.id),
      });
      numbers.push(order.number);
    }
    expect(await stockOf(orm, sku)).toMatchObject({ onHand: 20, reserved: 2 * orders });

    // The worker dies before the orders are due; nothing runs while the deadline passes.
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, expirySeconds * 1000 + 500));
    expect(await orm.em.fork().count(Order, { number: { $in: numbers }, status: 'cancelled' })).toBe(0);

    const workers = [runScript('main.ts', [], await env()), runScript('main.ts', [], await env())];
    closeAfterAll(async () => { for (const worker of workers) worker.child.kill('SIGKILL'); });
    await eventually('every order cancelled', async () => (await orm.em.fork().count(Order, { number: { $in: numbers }, status: 'cancelled' })) === orders, 60_000);
    const expired = (chatId: string) => telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === chatId && String(call.params.text).includes('not paid in time'));
    await eventually('every customer told', () => chats.every((chatId) => expired(chatId).length >= 1), 60_000);
    // Several more sweeps by both workers change nothing.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    expect(chats.map((chatId) => expired(chatId).length)).toEqual(chats.map(() => 1));
    expect(await stockOf(orm, sku)).toEqual({ onHand: 20, reserved: 0, ledgerOnHand: 20, ledgerReserved: 0 });
    const [audit] = await orm.em.fork().getConnection().execute<Array<{ n: string }>>(
      `select count(*) as n from audit_entry where action = 'order.cancelled' and entity_id in (?)`, [numbers],
    );
    expect(Number(audit?.n)).toBe(orders);

    for (const worker of workers) worker.child.kill('SIGTERM');
    for (const worker of workers) expect((await worker.exited).code).toBe(0);
  }, 120_000);
});
