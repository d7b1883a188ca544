import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/shared/actor.ts';
import { Order } from '../../core/orders/index.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { request, type TestApp } from '../support/app.ts';
import { startConsolePair } from '../support/console-pair.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';
import { TelegramCustomer } from '../support/telegram-customer.ts';
import type { SlackRequests } from '../support/slack-signer.ts';

const secret = 'quotes-webhook';
let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let admin: Record<string, string>;
let tea: string;
let cases: string;
let chats = 0;
const code = `QT-${process.pid}`;

const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...admin, ...init.headers } });
const db = () => app.orm.em.fork().getConnection();

async function member(account: string, role: 'buyer' | 'viewer', name: string) {
  const chatId = 8_200_000 + (chats += 1);
  const added = await api(`/accounts/${account}/members`, { method: 'POST', body: { channel: 'telegram', externalId: String(chatId), name, locale: 'en', role } });
  const id = added.body.members.find((each: { name: string }) => each.name === name).id as number;
  const key = (await api(`/accounts/${account}/members/${id}/api-keys`, { method: 'POST' })).body.key as string;
  return { id, chat: new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: office.telegram, chatId, firstName: name, languageCode: 'en' }), auth: { authorization: `Bearer ${key}` } };
}

let buyer: Awaited<ReturnType<typeof member>>;

async function sentQuote(quantity = 48, validUntil = new Date(Date.now() + 86_400_000)): Promise<string> {
  const drafted = await api('/quotes', { method: 'POST', body: { account: code, member: buyer.id, lines: [{ sku: tea, quantity }], shippingAddress: shanghai } });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  expect((await api(`/quotes/${drafted.body.number}/send`, { method: 'POST', body: { validUntil: validUntil.toISOString() } })).body.status).toBe('sent');
  return drafted.body.number as string;
}

beforeAll(async () => {
  ({ office, app, slack } = await startConsolePair({ DEFAULT_LOCALE: 'en', APPROVAL_THRESHOLD_MINOR: '100000000' }, { telegramWebhookSecret: secret }));
  admin = { authorization: `Bearer ${await app.apiKey()}` };
  ({ sku: tea } = await productWithStock(app.orm, 1_000, { priceMinor: 1000, name: 'Oolong tin', category: 'tea' }));
  await app.core.staff.addStaff({ slackUserId: 'U0CREDIT', name: 'Sun Li', role: 'credit' }, systemActor);
  ({ sku: cases } = await productWithStock(app.orm, 1_000, { priceMinor: 500, name: 'Cups, case of 12' }));
  await app.core.catalog.setQuantityRule(cases, { minimum: 12, increment: 12, maximum: null }, systemActor);
  await api('/price-lists', { method: 'POST', body: { code: `QL-${process.pid}`, name: 'Quotes list', currency: 'CNY' } });
  await api(`/price-lists/QL-${process.pid}/items`, { method: 'PUT', body: { sku: tea, minQuantity: 48, unitPriceMinor: 800 } });
  await api('/accounts', { method: 'POST', body: { code, name: 'Quote Trading', currency: 'CNY', priceList: `QL-${process.pid}` } });
  buyer = await member(code, 'buyer', 'Deng Buyer');
});

describe('quotes (issue 21)', () => {
  it('a quote freezes the account\'s tier price; the buyer accepts in Telegram with a double tap: one order at the quoted price, both replies name it', async () => {
    const number = await sentQuote();
    expect((await api(`/quotes/${number}`)).body.lines).toEqual([{ sku: tea, name: 'Oolong tin', quantity: 48, unitPriceMinor: 800, lineTotalMinor: 38_400, priceSetByStaff: false }]);
    // The list changes after the quote was sent: the quote keeps its price.
    await api(`/price-lists/QL-${process.pid}/items`, { method: 'PUT', body: { sku: tea, minQuantity: 48, unitPriceMinor: 750 } });
    await eventually('the quote in the chat', () => buyer.chat.texts().some((text) => text.startsWith(`📄 Quote ${number} for your company`)));
    expect(buyer.chat.texts().find((text) => text.startsWith(`📄 Quote ${number}`))).toContain('Oolong tin × 48 at CN¥8.00: CN¥384.00');

    const before = await app.orm.em.fork().count(Order, {});
    const data = buyer.chat.buttonData(/Accept and order/);
    await Promise.all([buyer.chat.post(buyer.chat.callbackUpdate(data)), buyer.chat.post(buyer.chat.callbackUpdate(data))]);
    await eventually('two answers', () => buyer.chat.texts().filter((text) => text.startsWith(`✅ Quote ${number} accepted`)).length === 2);
    const answers = buyer.chat.texts().filter((text) => text.startsWith(`✅ Quote ${number} accepted`));
    expect(new Set(answers).size).toBe(1);
    expect(await app.orm.em.fork().count(Order, {})).toBe(before + 1);
    const quote = (await api(`/quotes/${number}`)).body;
    expect(quote.status).toBe('accepted');
    const order = (await api(`/orders/${quote.order}`)).body;
    expect(order.lines[0]).toMatchObject({ quantity: 48, unitPriceMinor: 800 });
    expect(order).toMatchObject({ account: code, customerPoRef: number });
    // Over the API with the buyer's key: the same order again, nothing new.
    const again = await request(`${app.url}/api/v1/quotes/${number}/accept`, { method: 'POST', headers: buyer.auth });
    expect([again.status, again.body.order.number, again.headers.get('idempotent-replayed')]).toEqual([201, quote.order, 'true']);
    // The expiry of that sending never touches an accepted quote, even past its validity.
    await db().execute(`update quote set valid_until = now() - interval '1 minute' where number = ?`, [number]);
    expect(await app.core.quotes.expire(number, 1)).toBe(false);
    expect((await api(`/quotes/${number}`)).body.status).toBe('accepted');
  });

  it('past its validity: the job expires it and tells the buyer; accepting is 422 quote_expired; sent again (version 2) it can be accepted', async () => {
    const number = await sentQuote(48, new Date(Date.now() + 1500));
    await eventually('expired by its job', async () => (await api(`/quotes/${number}`)).body.status === 'expired', 15_000);
    await eventually('the buyer told', () => buyer.chat.texts().some((text) => text.startsWith(`Quote ${number} has expired`)));
    const late = await request(`${app.url}/api/v1/quotes/${number}/accept`, { method: 'POST', headers: buyer.auth });
    expect([late.status, late.body.error.code]).toEqual([422, 'quote_expired']);
    const resent = await api(`/quotes/${number}/send`, { method: 'POST', body: { validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
    expect([resent.body.status, resent.body.version]).toEqual(['sent', 2]);
    // The first sending's timer, should it fire late, changes nothing.
    expect(await app.core.quotes.expire(number, 1)).toBe(false);
    const accepted = await request(`${app.url}/api/v1/quotes/${number}/accept`, { method: 'POST', headers: buyer.auth });
    expect([accepted.status, accepted.body.quote.status]).toEqual([201, 'accepted']);
  });

  it('a quote keeps the case rule (422 suggesting 24 or 36); a viewer cannot accept (403); another company sees nothing of it (404)', async () => {
    const broken = await api('/quotes', { method: 'POST', body: { account: code, member: buyer.id, lines: [{ sku: cases, quantity: 30 }], shippingAddress: shanghai } });
    expect([broken.status, broken.body.error.code, broken.body.error.details.lines[0].nearest]).toEqual([422, 'quantity_rule', [24, 36]]);
    const number = await sentQuote(12);
    const viewer = await member(code, 'viewer', 'Fu Viewer');
    const refused = await request(`${app.url}/api/v1/quotes/${number}/accept`, { method: 'POST', headers: viewer.auth });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect((await request(`${app.url}/api/v1/quotes/${number}`, { headers: viewer.auth })).status).toBe(200);
    await api('/accounts', { method: 'POST', body: { code: `QX-${process.pid}`, name: 'Elsewhere', currency: 'CNY' } });
    const outsider = await member(`QX-${process.pid}`, 'buyer', 'Guo Outsider');
    expect((await request(`${app.url}/api/v1/quotes/${number}`, { headers: outsider.auth })).status).toBe(404);
    expect((await request(`${app.url}/api/v1/quotes/${number}/accept`, { method: 'POST', headers: outsider.auth })).status).toBe(404);
    // Only staff make quotes.
    expect((await request(`${app.url}/api/v1/quotes`, { body: { account: code, member: buyer.id, lines: [{ sku: tea, quantity: 1 }], shippingAddress: shanghai }, headers: buyer.auth })).status).toBe(403);
  });

  it('the buyer asks for a quote of their cart in Telegram; staff send it from its Slack card; the buyer accepts it from /quotes', async () => {
    await buyer.chat.send('/start');
    await buyer.chat.press(/Products/);
    await buyer.chat.press(/^tea \(/);
    await buyer.chat.press(/Oolong tin/);
    expect(buyer.chat.lastText()).toContain('Your company price: 48+ at CN¥7.50 each');
    await buyer.chat.press(/Add to cart/);
    await buyer.chat.press(/Cart/);
    await buyer.chat.press(/Ask for a quote/);
    const asked = /quote (Q-\d+)/.exec(buyer.chat.lastText());
    expect(asked, buyer.chat.lastText()).not.toBeNull();
    const number = asked![1]!;
    await eventually('the staff card', () => office.slack.posted.some((post) => post.channel === 'C_APPROVALS' && post.text.includes(number)));
    const card = office.slack.posted.find((post) => post.channel === 'C_APPROVALS' && post.text.includes(number))!;
    expect(card.text).toBe(`📄 Deng Buyer of ${code} asks for a quote (${number}, CN¥20.00 at their prices):\n• Oolong tin × 1 at CN¥10.00: CN¥10.00`);
    await slack.click('U0CREDIT', 'quote_send', number, card);
    await eventually('the quote in the chat', () => buyer.chat.texts().some((text) => text.startsWith(`📄 Quote ${number} for your company`)));
    await buyer.chat.send('/quotes');
    await eventually('the open quotes', () => buyer.chat.lastText().startsWith('Open quotes of your company:'));
    await buyer.chat.press(new RegExp(`✅ ${number}`));
    await eventually('accepted', () => buyer.chat.lastText().startsWith(`✅ Quote ${number} accepted: order SO-`));
    const order = (await api(`/orders/${(await api(`/quotes/${number}`)).body.order}`)).body;
    expect(order.shippingAddress).toMatchObject({ city: 'Shanghai' });
  });

  it('a company buyer\'s chat checkout names the company and its terms, and takes their PO reference onto the order', async () => {
    await buyer.chat.send('/start');
    await buyer.chat.press(/Products/);
    await buyer.chat.press(/^tea \(/);
    await buyer.chat.press(/Oolong tin/);
    await buyer.chat.press(/Add to cart/);
    await buyer.chat.press(/Check out/);
    await buyer.chat.press(/Nanjing Road/);
    await buyer.chat.send('138 0013 8000');
    await buyer.chat.press(/Cash on delivery/);
    expect(buyer.chat.lastText()).toContain('Ordering for Quote Trading; payment in advance.');
    expect(buyer.chat.lastText()).toContain('Your purchase-order reference, if you have one: write it here before you confirm.');
    await buyer.chat.send('PO-5521');
    expect(buyer.chat.lastText()).toBe('PO reference "PO-5521" noted: it goes on the order. Confirm to place it.');
    await buyer.chat.press(/Confirm/);
    const number = /SO-\d{8}-\d{6}/.exec(buyer.chat.texts().findLast((text) => text.includes('SO-')) ?? '')![0];
    expect((await api(`/orders/${number}`)).body).toMatchObject({ account: code, customerPoRef: 'PO-5521', paymentTerms: 'prepaid' });
  });

  it('staff set a line\'s price on a draft: the quote keeps it as a staff price, the order takes it; a sent quote is not repriced (409)', async () => {
    const drafted = await api('/quotes', { method: 'POST', body: { account: code, member: buyer.id, lines: [{ sku: tea, quantity: 48 }], shippingAddress: shanghai } });
    const number = drafted.body.number as string;
    const priced = await api(`/quotes/${number}/lines/${tea}`, { method: 'PUT', body: { unitPriceMinor: 700 } });
    expect(priced.body.lines[0]).toMatchObject({ unitPriceMinor: 700, lineTotalMinor: 33_600, priceSetByStaff: true });
    expect(priced.body.subtotalMinor).toBe(33_600);
    await api(`/quotes/${number}/send`, { method: 'POST', body: { validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
    const late = await api(`/quotes/${number}/lines/${tea}`, { method: 'PUT', body: { unitPriceMinor: 1 } });
    expect([late.status, late.body.error.code]).toEqual([409, 'invalid_transition']);
    const accepted = await request(`${app.url}/api/v1/quotes/${number}/accept`, { method: 'POST', headers: buyer.auth });
    expect(accepted.body.order.lines[0]).toMatchObject({ quantity: 48, unitPriceMinor: 700 });
    expect((await request(`${app.url}/api/v1/quotes/${number}/lines/${tea}`, { method: 'PUT', body: { unitPriceMinor: 1 }, headers: buyer.auth })).status).toBe(403);
  });
});
