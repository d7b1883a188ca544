import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { Ticket } from '../../core/service/index.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { WebVisitor } from '../support/web-visitor.ts';
import { startTelegramTestApp, TelegramCustomer } from '../support/telegram-customer.ts';

let app: TestApp;
let auth: Record<string, string>;
let sku: string;

beforeAll(async () => {
  app = await startTestApp({ env: { WEBCHAT_SECRET: 'webchat-secret-for-bad-input' } });
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  ({ sku } = await productWithStock(app.orm, 100));
});

const orders = () => app.orm.em.fork().count(Order, {});
const place = (body: Record<string, unknown>, key: string) => request(`${app.url}/api/v1/orders`, { body, headers: { ...auth, 'Idempotency-Key': key } });

describe('bad input is a 4xx that changes nothing, never a 500', () => {
  it('a visitor cookie that does not decode counts as no session: 401', async () => {
    const response = await request(`${app.url}/chat/api/messages`, { headers: { cookie: 'oc_visitor=%E0%A4%A' } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
    // The page itself starts a new session instead.
    const page = await fetch(`${app.url}/chat`, { headers: { cookie: 'oc_visitor=%E0%A4%A' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toMatch(/^oc_visitor=/);
  });

  it('a NUL character or an unpaired surrogate in any text field is 400 naming the field; no order', async () => {
    const before = await orders();
    const nul = await place({ ...orderBody([{ sku, quantity: 1 }]), notes: 'a\u0000' }, 'bad-input-nul');
    expect(nul.status).toBe(400);
    expect(nul.body.error).toMatchObject({ code: 'invalid_input', details: { issues: [{ path: ['body', 'notes'] }] } });
    const surrogate = await place(orderBody([{ sku, quantity: 1 }], { name: 'Li \ud800 Lei' }), 'bad-input-surrogate');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error.details.issues[0].path).toEqual(['body', 'customer', 'name']);
    const inQuery = await request(`${app.url}/api/v1/orders?cursor=%00`, { headers: auth });
    expect(inQuery.status).toBe(400);
    expect(await orders()).toBe(before);
  });

  it('money: a ¥30,000 × 1,000 wholesale line is taken (totals are 64-bit); 2,000,000,000 × 2 is 422 amount_too_large and writes nothing', async () => {
    const { sku: wholesale } = await productWithStock(app.orm, 2000, { priceMinor: 3_000_000 });
    const big = await place(orderBody([{ sku: wholesale, quantity: 1000 }]), 'money-wholesale');
    expect(big.status).toBe(201);
    expect([big.body.totalMinor, big.body.lines[0].lineTotalMinor]).toEqual([3_000_000_000, 3_000_000_000]);
    expect((await request(`${app.url}/api/v1/orders/${big.body.number}`, { headers: auth })).body.totalMinor).toBe(3_000_000_000);

    const { sku: dear } = await productWithStock(app.orm, 10, { priceMinor: 2_000_000_000 });
    const before = await orders();
    const tooLarge = await place(orderBody([{ sku: dear, quantity: 2 }]), 'money-too-large');
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.error).toMatchObject({ code: 'amount_too_large', details: { maxMinor: 3_000_000_000 } });
    expect(await orders()).toBe(before);
  });

  it('a report date outside 1970–9999 (or not a real day) is 400, for the API and for core', async () => {
    const response = await request(`${app.url}/api/v1/reports/daily?date=0000-01-01`, { headers: auth });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect((await request(`${app.url}/api/v1/reports/daily?date=2026-02-30`, { headers: auth })).status).toBe(400);
    expect((await request(`${app.url}/api/v1/orders?from=0001-01-01`, { headers: auth })).status).toBe(400);
    const staff = { type: 'staff' as const, id: 'U0ADMIN', role: 'admin' as const };
    await expect(app.core.analytics.dailyReport('0000-01-01', staff)).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('in the chat, a NUL or an unpaired surrogate Telegram delivers (webhook) is cleaned, not a failed turn; the web chat API answers 400', async () => {
    const { app: chatApp, telegram } = await startTelegramTestApp('webhook-secret-for-bad-input');
    const customer = new TelegramCustomer({ webhookUrl: `${chatApp.url}/telegram/webhook`, secret: 'webhook-secret-for-bad-input', fake: telegram, chatId: 7_700_001, firstName: 'Wang\u0000', languageCode: 'en' });
    expect(await customer.send('/human parcel\u0000 wet \ud800')).toBe(200);
    const ticket = /ticket number is (T-\d{6})/.exec(customer.lastText())![1]!;
    const opened = await chatApp.orm.em.fork().findOneOrFail(Ticket, { number: ticket }, { populate: ['customer'] });
    expect([opened.description, opened.customer.name]).toEqual(['parcel wet \ufffd', 'Wang']);
    const visitor = await WebVisitor.arrive(app.url);
    expect((await visitor.send('hel\u0000lo')).status).toBe(400);
  });
});
