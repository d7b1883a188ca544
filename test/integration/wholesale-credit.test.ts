import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/shared/actor.ts';
import { AuditEntry } from '../../core/shared/audit.entity.ts';
import { Order } from '../../core/orders/index.ts';
import { paymentDueAt } from '../../core/customers/index.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, type TestApp } from '../support/app.ts';
import { startConsolePair } from '../support/console-pair.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';
import { digestExceptions } from '../../bots/reports/digest.blocks.ts';
import type { SlackRequests } from '../support/slack-signer.ts';

let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let admin: Record<string, string>;
let keys = 0;
let accounts = 0;
let sku: string;
let sets: string;

const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...admin, ...init.headers } });
const db = () => app.orm.em.fork().getConnection();

/** A company on `terms` with `limit` (minor units) and one buyer on Telegram with their key. */
async function creditAccount(limitMinor: number, terms = 'net_30'): Promise<{ code: string; chatId: string; auth: Record<string, string> }> {
  const code = `CR-${process.pid}-${(accounts += 1)}`;
  const chatId = `${700_000 + accounts}${process.pid}`;
  expect((await api('/accounts', { method: 'POST', body: { code, name: `${code} Trading`, currency: 'CNY', paymentTerms: terms, creditLimitMinor: limitMinor } })).status).toBe(201);
  const added = await api(`/accounts/${code}/members`, { method: 'POST', body: { channel: 'telegram', externalId: chatId, name: 'Zhao Buyer', locale: 'en', role: 'buyer' } });
  const issued = await api(`/accounts/${code}/members/${added.body.members[0].id}/api-keys`, { method: 'POST' });
  return { code, chatId, auth: { authorization: `Bearer ${issued.body.key}` } };
}

/**
 * An order of `units` × 100.00 (of 1,000.00 with `of: sets`); free delivery from 199.00, so the
 * total is exactly that. Each has its own PO reference (the same cart on another PO is no duplicate).
 */
const order = (auth: Record<string, string>, units: number, of = sku) => {
  keys += 1;
  return request(`${app.url}/api/v1/orders`, { body: { ...orderBody([{ sku: of, quantity: units }]), customerPoRef: `PO-${keys}` }, headers: { ...auth, 'Idempotency-Key': `credit-${process.pid}-${keys}` } });
};

async function exposure(code: string): Promise<{ exposure: number; ledger: number; entries: string[] }> {
  const [row] = await db().execute<Array<{ exposure: string; ledger: string; entries: string[] | null }>>(`
    select a.credit_exposure_minor as exposure, (select coalesce(sum(e.amount_minor), 0) from credit_entry e where e.account_id = a.id) as ledger,
           (select array_agg(e.kind || ':' || e.amount_minor order by e.id) from credit_entry e where e.account_id = a.id) as entries
      from customer_account a where a.code = ?`, [code]);
  return { exposure: Number(row!.exposure), ledger: Number(row!.ledger), entries: row!.entries ?? [] };
}

const statusOf = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;

beforeAll(async () => {
  ({ office, app, slack } = await startConsolePair({ DEFAULT_LOCALE: 'en', APPROVAL_THRESHOLD_MINOR: '100000000', REPORT_TIMEZONE: 'Asia/Shanghai' }));
  admin = { authorization: `Bearer ${await app.apiKey()}` };
  await app.core.staff.addStaff({ slackUserId: 'U0CREDIT', name: 'Sun Li', role: 'credit' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: 'U0MANAGER', name: 'Qin Hao', role: 'manager' }, systemActor);
  ({ sku } = await productWithStock(app.orm, 10_000, { priceMinor: 10_000, name: 'Porcelain cup' }));
  ({ sku: sets } = await productWithStock(app.orm, 1_000, { priceMinor: 100_000, name: 'Porcelain tea set' }));
});

describe('credit limits and terms (issue 21)', () => {
  it('over the limit → credit_hold with a Slack card; only credit staff release it (audited); the exposure is the ledger', async () => {
    const { code, chatId, auth } = await creditAccount(1_000_000);
    const first = await order(auth, 8, sets);
    expect([first.status, first.body.status]).toEqual([201, 'confirmed']);
    expect(first.body).toMatchObject({ paymentTerms: 'net_30', paymentDueAt: paymentDueAt('net_30', new Date(first.body.placedAt), 'Asia/Shanghai')!.toISOString() });
    const second = await order(auth, 15);
    expect(second.body.status).toBe('confirmed');
    expect(await exposure(code)).toEqual({ exposure: 950_000, ledger: 950_000, entries: ['order_open:800000', 'order_open:150000'] });

    const held = await order(auth, 6);
    expect([held.status, held.body.status, held.body.statusReason]).toEqual([201, 'credit_hold', 'credit_limit']);
    expect((await exposure(code)).exposure).toBe(950_000);
    const events = await db().execute<Array<{ n: string }>>(`select count(*) as n from outbox_event where topic = 'order.credit_hold' and aggregate_id = ?`, [held.body.number]);
    expect(Number(events[0]!.n)).toBe(1);
    // Its stock is reserved meanwhile.
    expect(held.body.lines[0]).toMatchObject({ reserved: 6, backordered: 0 });

    await eventually('the credit card', () => office.slack.posted.some((post) => post.channel === 'C_APPROVALS' && post.text.includes(held.body.number)));
    const card = office.slack.posted.find((post) => post.channel === 'C_APPROVALS' && post.text.includes(held.body.number))!;
    expect(card.text).toBe(`Order ${held.body.number} of ${code} (Zhao Buyer, ¥600.00) is on credit hold: the account has reached its credit limit.`.replace("¥", "CN¥") + card.text.slice(card.text.indexOf('\n')));
    expect(JSON.stringify(card.blocks)).toMatch(/credit_release.*credit_cancel/);
    await eventually('the buyer told', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`⏸ Order ${held.body.number} is received and on hold: your company account has reached its credit limit.`)));

    // A manager is not credit staff: refused in Slack and in core.
    await slack.click('U0MANAGER', 'credit_release', held.body.number, card);
    await eventually('the refusal', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0MANAGER'));
    expect(await statusOf(held.body.number)).toBe('credit_hold');
    const byKey = await request(`${app.url}/api/v1/orders/${held.body.number}/credit-release`, { method: 'POST', headers: { authorization: `Bearer ${await app.apiKey(['orders:approve'])}` } });
    expect(byKey.status).toBe(403);

    await slack.click('U0CREDIT', 'credit_release', held.body.number, card);
    await eventually('released', async () => (await statusOf(held.body.number)) === 'confirmed');
    await eventually('the card edited', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === card.ts));
    const audit = await app.orm.em.fork().find(AuditEntry, { entityId: held.body.number, action: 'order.credit_override' });
    expect(audit.map((entry) => [entry.actorType, entry.actorId, entry.after])).toEqual([['staff', 'U0CREDIT', { status: 'confirmed', totalMinor: 60_000 }]]);
    expect(await exposure(code)).toEqual({ exposure: 1_010_000, ledger: 1_010_000, entries: ['order_open:800000', 'order_open:150000', 'override:60000'] });
    // A second click changes nothing.
    await slack.click('U0CREDIT', 'credit_release', held.body.number, card);
    await eventually('the late click answered', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0CREDIT'));
    expect((await exposure(code)).exposure).toBe(1_010_000);
  });

  it('10 concurrent orders of 300.00 against a 1,000.00 limit: exactly 3 confirmed, 7 on hold; exposure = the ledger = 900.00', async () => {
    const { code, auth } = await creditAccount(100_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => order(auth, 3)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    const statuses = answers.map((answer) => answer.body.status).sort();
    expect(statuses).toEqual([...Array(3).fill('confirmed'), ...Array(7).fill('credit_hold')]);
    expect(await exposure(code)).toMatchObject({ exposure: 90_000, ledger: 90_000 });
    expect(await app.core.accounts.creditMismatches()).toEqual([]);
  });

  it('a payment lowers the exposure once (a replay changes nothing) and held orders are tried again oldest first: only those that fit go on', async () => {
    const { code, auth } = await creditAccount(100_000);
    const paid = await order(auth, 8);
    const older = await order(auth, 7);
    const newer = await order(auth, 3);
    expect([paid.body.status, older.body.status, newer.body.status]).toEqual(['confirmed', 'credit_hold', 'credit_hold']);
    const payment = { amountMinor: 50_000, method: 'bank_transfer', reference: `BANK-${process.pid}-1` };
    expect((await api(`/orders/${paid.body.number}/payments`, { method: 'POST', body: payment })).status).toBe(201);
    // 800 − 500 = 300 owed: the older 700 fits (1,000), then the newer 300 does not.
    expect([await statusOf(older.body.number), await statusOf(newer.body.number)]).toEqual(['confirmed', 'credit_hold']);
    expect(await exposure(code)).toEqual({ exposure: 100_000, ledger: 100_000, entries: ['order_open:80000', 'payment:-50000', 'order_open:70000'] });
    const replay = await api(`/orders/${paid.body.number}/payments`, { method: 'POST', body: payment });
    expect(replay.status).toBe(409);
    expect((await exposure(code)).exposure).toBe(100_000);

    // Raising the limit releases the rest; cancelling takes an order's amount off once.
    expect((await api(`/accounts/${code}`, { method: 'PATCH', body: { creditLimitMinor: 130_000 } })).body.creditExposureMinor).toBe(130_000);
    expect(await statusOf(newer.body.number)).toBe('confirmed');
    await app.core.orders.cancelOrder(older.body.number, systemActor, 'buyer changed plans');
    expect(await exposure(code)).toMatchObject({ exposure: 60_000, ledger: 60_000 });
  });

  it('net 30 terms: an order unpaid past its due date is marked overdue once, the buyer is told, and the account\'s next order waits on credit hold', async () => {
    const { code, chatId, auth } = await creditAccount(10_000_000);
    const late = await order(auth, 2);
    expect(late.body.status).toBe('confirmed');
    await db().execute(`update "order" set payment_due_at = now() - interval '1 day' where number = ?`, [late.body.number]);
    const marked = await app.core.orders.markOverdue();
    expect(marked).toEqual([late.body.number]);
    expect(await app.core.orders.markOverdue()).toEqual([]);
    expect(await app.orm.em.fork().count(AuditEntry, { entityId: late.body.number, action: 'order.payment_overdue' })).toBe(1);
    await eventually('the buyer reminded', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`⏰ The payment of CN¥200.00 for order ${late.body.number} was due on`)));

    const next = await order(auth, 2);
    expect([next.body.status, next.body.statusReason]).toEqual(['credit_hold', 'overdue']);
    expect((await api(`/accounts/${code}`)).body).toMatchObject({ overdueOrders: 1, overdueMinor: 20_000, heldOrders: 1 });
    const looked = await slack.command('U0CREDIT', '/account', code.toLowerCase());
    expect(looked.body.text).toBe([
      `*${code} · ${code} Trading* (active)`,
      'Terms: net 30 · limit CN¥100,000.00 · exposure CN¥200.00 · price list —',
      'Overdue: 1 orders (CN¥200.00) · on credit hold: 1',
      '• Zhao Buyer (buyer)',
    ].join('\n'));
  });

  it('a credit hold not released within creditHoldDays is cancelled once, its stock released, its amount never counted', async () => {
    const { code, chatId, auth } = await creditAccount(10_000);
    const held = await order(auth, 4);
    expect(held.body.status).toBe('credit_hold');
    await db().execute(`update "order" set placed_at = now() - interval '8 days' where number = ?`, [held.body.number]);
    const [expiredOnce, expiredTwice] = await Promise.all([app.core.orders.expireCreditHolds(), app.core.orders.expireCreditHolds()]);
    expect([...expiredOnce, ...expiredTwice]).toEqual([held.body.number]);
    expect(await statusOf(held.body.number)).toBe('cancelled');
    const releases = await db().execute<Array<{ reserved_delta: number }>>(`select reserved_delta from stock_movement where reference = ? and kind = 'release'`, [held.body.number]);
    expect(releases).toEqual([{ reserved_delta: -4 }]);
    expect(await exposure(code)).toEqual({ exposure: 0, ledger: 0, entries: [] });
    await eventually('the buyer told', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`Order ${held.body.number} is cancelled`)));
  });

  it('an order on terms with an online payment method is not cancelled by the payment sweep (it is due by its date)', async () => {
    const { auth } = await creditAccount(10_000_000);
    keys += 1;
    const online = await request(`${app.url}/api/v1/orders`, {
      body: { ...orderBody([{ sku, quantity: 2 }]), paymentMethod: 'card', customerPoRef: `PO-${keys}` }, headers: { ...auth, 'Idempotency-Key': `credit-${process.pid}-${keys}` },
    });
    expect(online.body.status).toBe('confirmed');
    await db().execute(`update "order" set placed_at = now() - interval '3 days' where number = ?`, [online.body.number]);
    const swept = await app.core.payments.sweep();
    expect(swept.expired).not.toContain(online.body.number);
    expect(await statusOf(online.body.number)).toBe('confirmed');
  });

  it('the daily digest names the orders on credit hold and the overdue receivables', async () => {
    const report = await app.core.analytics.dailyReport(undefined, systemActor);
    const held = await db().execute<Array<{ n: string }>>(`select count(*) as n from "order" where status = 'credit_hold'`);
    expect(report.creditHolds).toBe(Number(held[0]!.n));
    expect(report.creditHolds).toBeGreaterThan(0);
    expect([report.overdueOrders, report.overdueReceivables]).toEqual([1, [{ currency: 'CNY', totalMinor: 20_000 }]]);
    const lines = digestExceptions(report, 'en');
    expect(lines).toContain(`⏸ ${report.creditHolds} company orders wait on credit hold (release or cancel them in the approvals channel).`);
    expect(lines).toContain('⏰ Overdue receivables: CN¥200.00 on 1 orders.');
  });
});
