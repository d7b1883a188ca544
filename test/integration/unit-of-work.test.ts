import { describe, expect, it } from 'vitest';
import type { PoolClient } from 'pg';
import { Order } from '../../core/orders/index.ts';
import { customerActor, type Actor } from '../../core/shared/actor.ts';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { closeAfterAll } from '../support/context.ts';
import { eventually } from '../support/back-office.ts';
import { startTelegramTestApp, TelegramCustomer } from '../support/telegram-customer.ts';
import { WebVisitor } from '../support/web-visitor.ts';
import { stockOf } from '../support/inspect.ts';

const secret = 'webhook-secret-for-tests';

/** An app with Telegram (webhook, against a fake Bot API) and the web chat, on the production pool. */
const chatApp = (env: Record<string, string> = {}) => startTelegramTestApp(secret, env);

let chat = 9_100_000;
const telegramCustomer = (app: TestApp, telegram: FakeTelegramApi) =>
  new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: telegram, chatId: (chat += 1), languageCode: 'en' });

/** Checks out every connection of the app's pool (and keeps them) until `release` is called. */
async function exhaustPool(app: TestApp): Promise<{ release(): void }> {
  const pool = await app.orm.em.getConnection().getNativeClient();
  const held: PoolClient[] = await Promise.all(Array.from({ length: app.config.DB_POOL_SIZE }, () => pool.connect()));
  return { release: () => held.forEach((client) => client.release()) };
}

describe('one chat turn, one connection, one commit', () => {
  it('three times more simultaneous turns than the pool has connections are all answered, and /readyz stays ready', async () => {
    const { app, telegram } = await chatApp();
    expect(app.config.DB_POOL_SIZE).toBe(10);
    await productWithStock(app.orm, 10, { category: 'tea' });
    const buyers = Array.from({ length: 16 }, () => telegramCustomer(app, telegram));
    const visitors = await Promise.all(Array.from({ length: 16 }, () => WebVisitor.arrive(app.url)));

    // 64 turns at once: each reads the catalogue or the customer's orders inside its turn.
    const turns = [
      ...buyers.flatMap((buyer) => [buyer.send('/catalog'), buyer.send('/orders')]),
      ...visitors.flatMap((visitor) => [visitor.send('/catalog').then((response) => response.status), visitor.send('/orders').then((response) => response.status)]),
    ];
    expect(await Promise.all(turns)).toEqual(Array.from({ length: 64 }, () => 200));

    for (const buyer of buyers) expect(telegram.messagesTo(buyer.chatId)).toHaveLength(2);
    for (const visitor of visitors) {
      const transcript = await visitor.transcript();
      expect(transcript.map((message) => message.direction).sort()).toEqual(['in', 'in', 'out', 'out']);
    }
    expect((await request(`${app.url}/readyz`)).status).toBe(200);
  });

  it('with every connection taken: 503 + Retry-After over HTTP, "busy" in chat, and all is well again once they are free', async () => {
    const { app, telegram } = await chatApp({ DB_ACQUIRE_TIMEOUT_MS: '1000' });
    const key = await app.apiKey();
    const buyer = telegramCustomer(app, telegram);
    const visitor = await WebVisitor.arrive(app.url);
    const stuck = buyer.messageUpdate('/orders');
    const held = await exhaustPool(app);
    let released = false;
    closeAfterAll(async () => {
      if (!released) held.release();
    });

    const api = await request(`${app.url}/api/v1/orders`, { headers: { authorization: `Bearer ${key}` } });
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('2');
    expect(api.body.error.code).toBe('unavailable');

    const web = await visitor.send('/orders');
    expect(web.status).toBe(503);
    expect(web.headers.get('retry-after')).toBe('2');
    // Telegram is answered non-2xx (it will deliver the update again) and the customer is told, once.
    expect(await buyer.post(stuck)).toBe(503);
    expect(await buyer.post(stuck)).toBe(503);
    expect(telegram.messagesTo(buyer.chatId)).toEqual(['We are very busy right now. Please send that again in a few seconds.']);
    expect((await request(`${app.url}/readyz`)).body.checks.database).toBe('down');

    held.release();
    released = true;
    expect((await request(`${app.url}/api/v1/orders`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect((await visitor.send('/orders')).status).toBe(200);
    expect(await buyer.post(stuck)).toBe(200);
    expect(telegram.messagesTo(buyer.chatId)).toHaveLength(2);
    expect(telegram.messagesTo(buyer.chatId)[1]).toContain('You have no orders yet');
    await eventually('ready again', async () => (await request(`${app.url}/readyz`)).status === 200);
  });

  it('a crash after the core call rolls the whole web chat turn back: no order, no reservation, no reply of it; the next try places it once', async () => {
    const { app } = await chatApp();
    const { sku } = await productWithStock(app.orm, 5, { name: 'Crash-test tea', category: 'crash' });
    const visitor = await WebVisitor.arrive(app.url);
    await visitor.send('/catalog');
    await visitor.press(/^crash/);
    await visitor.press(/Crash-test tea/);
    await visitor.press(/Add to cart/);
    await visitor.press(/Check out/);
    await visitor.send('88 Huaihai Road, Shanghai');
    await visitor.send('13800138000');
    await visitor.press(/Cash on delivery/);
    expect(await visitor.lastText()).toContain('Please check your order');

    const { placeOrder } = app.core.orders;
    app.core.orders.placeOrder = async (...args) => {
      await placeOrder(...args);
      throw new Error('crash after the core call');
    };
    const before = (await visitor.transcript()).length;
    expect((await visitor.press(/Confirm/)).status).toBe(200);
    app.core.orders.placeOrder = placeOrder;

    expect(await app.orm.em.fork().count(Order, {})).toBe(0);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 5, reserved: 0, ledgerOnHand: 5, ledgerReserved: 0 });
    const afterCrash = (await visitor.transcript()).slice(before);
    expect(afterCrash.map((message) => [message.direction, message.text])).toEqual([
      ['in', '✅ Confirm order'],
      ['out', 'Sorry, something went wrong on our side. Please try again in a moment.'],
    ]);

    // The checkout was not lost with the failed turn: Confirm again places the order, once.
    expect((await visitor.press(/Confirm/)).status).toBe(200);
    expect(await visitor.lastText()).toMatch(/Order SO-\d{8}-\d{6} is placed/);
    expect(await app.orm.em.fork().count(Order, {})).toBe(1);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 5, reserved: 1, ledgerOnHand: 5, ledgerReserved: 1 });
  });
});

describe('rules enforced in core, whatever the front end', () => {
  it('approving an order is a manager\'s decision: an agent, a customer and a key without orders:approve get forbidden', async () => {
    const app = await startTestApp({ env: { APPROVAL_THRESHOLD_MINOR: '1000' } });
    const { sku } = await productWithStock(app.orm, 10);
    const buyer = await app.core.customers.resolve({ channel: 'telegram', externalId: 'approval-rule' }, { name: 'Buyer' });
    const { order } = await app.core.orders.placeOrder({
      channel: 'telegram', identity: { channel: 'telegram', externalId: 'approval-rule' }, contact: { name: 'Buyer' },
      lines: [{ sku, quantity: 2 }], shippingAddress: { line1: '1 Road', city: 'Shanghai', country: 'CN' }, paymentMethod: 'cash_on_delivery', actor: customerActor(buyer.id),
    });
    expect(order.status).toBe('pending_approval');

    const refused: Array<[Actor, RegExp]> = [
      [{ type: 'staff', id: 'U0AGENT', role: 'agent' }, /Only manager or admin staff/],
      [{ type: 'staff', id: 'U0NOBODY' }, /Only manager or admin staff/],
      [customerActor(buyer.id), /A customer may not/],
      [{ type: 'api_key', id: '7', scopes: ['orders:write', 'orders:read'] }, /lacks the scope orders:approve/],
    ];
    for (const [actor, message] of refused) {
      await expect(app.core.orders.approveOrder(order.number, actor), actor.type).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(message) });
    }
    expect((await app.core.orders.getOrder(order.number, customerActor(buyer.id))).status).toBe('pending_approval');
    const approved = await app.core.orders.approveOrder(order.number, { type: 'staff', id: 'U0BOSS', role: 'manager' });
    expect(approved.status).toBe('confirmed');
  });

  it('an API key without the scope of an operation gets 403 forbidden naming the scope, and nothing changes', async () => {
    const app = await startTestApp();
    const reader = await app.apiKey(['orders:read']);
    const response = await request(`${app.url}/api/v1/products`, {
      headers: { authorization: `Bearer ${reader}` },
      body: { sku: 'SCOPE-1', name: 'Scoped', priceMinor: 100, currency: 'CNY' },
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'forbidden', details: { requiredScopes: ['catalog:write'] } });
    expect((await request(`${app.url}/api/v1/products/SCOPE-1`, { headers: { authorization: `Bearer ${reader}` } })).status).toBe(404);
  });
});
