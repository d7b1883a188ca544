import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/shared/actor.ts';
import { Order } from '../../core/orders/index.ts';
import { AuditEntry } from '../../core/shared/audit.entity.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, type TestApp } from '../support/app.ts';
import { startConsolePair } from '../support/console-pair.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';
import { TelegramCustomer } from '../support/telegram-customer.ts';

const secret = 'wholesale-buyers-webhook';
let office: TestBackOffice;
let app: TestApp;
let admin: Record<string, string>;
let sku: string;
let keys = 0;
let chats = 0;

const api = (path: string, init: { method?: string; body?: unknown } = {}) => request(`${app.url}/api/v1${path}`, { ...init, headers: admin });
const statusOf = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;

/** A person of a company on Telegram: their chat, their member id and their API key. */
async function member(code: string, role: 'admin' | 'buyer' | 'viewer', name: string, limits: Record<string, number> = {}) {
  const chatId = 8_100_000 + (chats += 1);
  const added = await api(`/accounts/${code}/members`, { method: 'POST', body: { channel: 'telegram', externalId: String(chatId), name, locale: 'en', role, ...limits } });
  expect(added.status).toBe(201);
  const id = added.body.members.find((each: { name: string }) => each.name === name).id as number;
  const key = (await api(`/accounts/${code}/members/${id}/api-keys`, { method: 'POST' })).body.key as string;
  const chat = new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: office.telegram, chatId, firstName: name, languageCode: 'en' });
  return { chat, chatId, auth: { authorization: `Bearer ${key}` } };
}

async function company(code: string): Promise<void> {
  expect((await api('/accounts', { method: 'POST', body: { code, name: `${code} Ltd`, currency: 'CNY' } })).status).toBe(201);
}

/** An order of `thousands` × 1,000.00 on the buyer's key (each on its own PO, so none is a duplicate). */
function order(auth: Record<string, string>, thousands: number) {
  keys += 1;
  return request(`${app.url}/api/v1/orders`, { body: { ...orderBody([{ sku, quantity: thousands }]), customerPoRef: `PO-${keys}` }, headers: { ...auth, 'Idempotency-Key': `buyers-${process.pid}-${keys}` } });
}

const tap = (chat: TelegramCustomer, data: Record<string, string>) => chat.post(chat.callbackUpdate(JSON.stringify(data)));

beforeAll(async () => {
  ({ office, app } = await startConsolePair({ DEFAULT_LOCALE: 'en', APPROVAL_THRESHOLD_MINOR: '1000000', REPORT_TIMEZONE: 'Asia/Shanghai' }, { telegramWebhookSecret: secret }));
  admin = { authorization: `Bearer ${await app.apiKey()}` };
  ({ sku } = await productWithStock(app.orm, 5_000, { priceMinor: 100_000, name: 'Tea chest' }));
});

describe('buyers\' own spending limits, approved by their company in Telegram (issue 21)', () => {
  it('over the order limit: pending (buyer_limit) → the admins are asked; others, a viewer and the buyer are refused; two admins at once: the first decides', async () => {
    const code = `BUY-${process.pid}`;
    await company(code);
    const buyer = await member(code, 'buyer', 'Lin Buyer', { orderLimitMinor: 500_000 });
    const first = await member(code, 'admin', 'Gao Admin');
    const second = await member(code, 'admin', 'Ma Admin');
    const viewer = await member(code, 'viewer', 'Xu Viewer');
    await company(`OTHER-${process.pid}`);
    const stranger = await member(`OTHER-${process.pid}`, 'admin', 'He Stranger');

    const fine = await order(buyer.auth, 5);
    expect(fine.body.status, JSON.stringify(fine.body)).toBe('confirmed');
    const over = await order(buyer.auth, 6);
    expect([over.body.status, over.body.approvalReasons]).toEqual(['pending_approval', ['buyer_limit']]);
    const number = over.body.number as string;
    for (const each of [first, second]) {
      await eventually('the admin asked', () => each.chat.texts().some((text) => text.startsWith(`🧾 Lin Buyer ordered ${number} (CN¥6,000.00), above their spending limit.`)));
    }
    await eventually('the buyer told', () => buyer.chat.texts().some((text) => text.startsWith(`🕒 Order ${number} is above your spending limit`)));
    // No staff card: the company decides first.
    expect(office.slack.posted.some((post) => post.text.includes(number))).toBe(false);

    for (const outsider of [stranger, viewer, buyer]) {
      await tap(outsider.chat, { a: 'bap', o: number });
      await eventually('refused', () => outsider.chat.lastText() === `Only an admin of the buyer's company can decide about order ${number}.`);
    }
    expect(await statusOf(number)).toBe('pending_approval');
    const staff = await api(`/orders/${number}/approve`, { method: 'POST' });
    expect([staff.status, staff.body.error.code]).toEqual([422, 'rule_violation']);

    await Promise.all([tap(first.chat, { a: 'bap', o: number }), tap(second.chat, { a: 'bap', o: number })]);
    await eventually('both answered', () => [first, second].every((each) => /You approved|already decided/.test(each.chat.lastText())));
    const replies = [first.chat.lastText(), second.chat.lastText()].sort();
    expect(replies[0]).toMatch(new RegExp(`^Order ${number} was already decided by (Gao|Ma) Admin\\.$`));
    expect(replies[1]).toBe(`✅ You approved order ${number}.`);
    expect(await statusOf(number)).toBe('confirmed');
    expect(await app.orm.em.fork().count(AuditEntry, { entityId: number, action: 'order.buyer_approved' })).toBe(1);
    await eventually('the buyer told', () => buyer.chat.texts().some((text) => text.startsWith(`✅ Order ${number} is approved`)));
  });

  it('the monthly limit counts this order and the month\'s others, not cancelled ones; a rejection releases the order', async () => {
    const code = `MON-${process.pid}`;
    await company(code);
    const buyer = await member(code, 'buyer', 'Qi Buyer', { monthlyLimitMinor: 1_000_000 });
    const boss = await member(code, 'admin', 'Yu Boss');
    const early = await order(buyer.auth, 6);
    expect(early.body.status).toBe('confirmed');
    const over = await order(buyer.auth, 5);
    expect([over.body.status, over.body.approvalReasons]).toEqual(['pending_approval', ['buyer_limit']]);
    await eventually('the boss asked', () => boss.chat.texts().some((text) => text.includes(over.body.number)));
    await tap(boss.chat, { a: 'brj', o: over.body.number });
    await eventually('rejected', async () => (await statusOf(over.body.number)) === 'rejected');
    await app.core.orders.cancelOrder(early.body.number, systemActor, 'changed plans');
    expect((await order(buyer.auth, 5)).body.status).toBe('confirmed');
  });

  it('over the buyer\'s limit and the shop\'s approval threshold: the company approves first, then staff are asked', async () => {
    const code = `BIG-${process.pid}`;
    await company(code);
    const buyer = await member(code, 'buyer', 'Ren Buyer', { orderLimitMinor: 100_000 });
    const boss = await member(code, 'admin', 'Tao Boss');
    const big = await order(buyer.auth, 12);
    expect(big.body.approvalReasons).toEqual(['high_value', 'buyer_limit']);
    await eventually('the boss asked', () => boss.chat.texts().some((text) => text.includes(big.body.number)));
    await tap(boss.chat, { a: 'bap', o: big.body.number });
    await eventually('staff asked', () => office.slack.posted.some((post) => post.channel === 'C_APPROVALS' && post.text.includes(big.body.number)));
    expect(await statusOf(big.body.number)).toBe('pending_approval');
    expect((await api(`/orders/${big.body.number}/approve`, { method: 'POST' })).body.status).toBe('confirmed');
  });
});
