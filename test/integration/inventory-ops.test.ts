import { beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../../core/shared/audit.entity.ts';
import { systemActor } from '../../core/shared/actor.ts';
import { productWithStock, orderBody } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { stockOf } from '../support/inspect.ts';
import { SlackRequests } from '../support/slack-signer.ts';

let office: TestBackOffice;
let app: TestApp;
let auth: Record<string, string>;
let requestCounter = 0;
/** An API call; orders get a fresh Idempotency-Key. */
const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...auth, 'Idempotency-Key': `inventory-ops-${(requestCounter += 1)}` } });

beforeAll(async () => {
  office = await startTestBackOffice({ SLACK_OPS_CHANNEL: 'C_OPS', DEFAULT_LOCALE: 'en' });
  app = await startTestApp({ env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'ops-secret', SLACK_API_URL: office.config.SLACK_API_URL, DEFAULT_LOCALE: 'en' } });
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await api('/inventory/warehouses', { body: { code: 'PEK', name: 'Beijing', latitude: 39.9, longitude: 116.4 } });
  await api('/inventory/warehouses', { body: { code: 'CAN', name: 'Guangzhou', latitude: 23.13, longitude: 113.26 } });
});

const receive = (warehouse: string, lines: Array<{ sku: string; quantity: number }>) => api('/inventory/receipts', { body: { warehouse, lines } });
const near = { beijing: { latitude: 39.95, longitude: 116.3 }, guangzhou: { latitude: 23.1, longitude: 113.3 } };
const warehousesOf = async (number: string) => (await api(`/orders/${number}`)).body;

describe('allocation', () => {
  it('warehouses with coordinates are listed; a half-given location is refused', async () => {
    const codes = (await api('/inventory/warehouses')).body.items.map((warehouse: { code: string; latitude: number | null }) => [warehouse.code, warehouse.latitude]);
    expect(codes).toEqual([['CAN', 23.13], ['MAIN', null], ['PEK', 39.9]]);
    expect((await api('/inventory/warehouses', { body: { code: 'XIY', name: "Xi'an", latitude: 34.3 } })).status).toBe(400);
    expect((await api('/inventory/warehouses', { body: { code: 'PEK', name: 'Again' } })).status).toBe(409);
  });

  it('ships from the nearest warehouse that has every line, and splits only when none has', async () => {
    const { sku: tea } = await productWithStock(app.orm, 0);
    const { sku: cups } = await productWithStock(app.orm, 0);
    await receive('PEK', [{ sku: tea, quantity: 10 }, { sku: cups, quantity: 10 }]);
    await receive('CAN', [{ sku: tea, quantity: 10 }]);
    const lines = [{ sku: tea, quantity: 2 }, { sku: cups, quantity: 1 }];
    const toBeijing = await api('/orders', { body: { ...orderBody(lines), shippingAddress: { line1: '1 Wangfujing', city: 'Beijing', country: 'CN', ...near.beijing } } });
    expect(toBeijing.status).toBe(201);
    const toGuangzhou = await api('/orders', { body: { ...orderBody(lines), shippingAddress: { line1: '1 Tianhe Rd', city: 'Guangzhou', country: 'CN', ...near.guangzhou } } });
    expect(toGuangzhou.status).toBe(201);
    expect(await stockOf(app.orm, tea, 'PEK')).toMatchObject({ reserved: 4 });
    expect(await stockOf(app.orm, tea, 'CAN')).toMatchObject({ reserved: 0 });

    const onlyTea = await api('/orders', { body: { ...orderBody([{ sku: tea, quantity: 1 }]), shippingAddress: { line1: '1 Tianhe Rd', city: 'Guangzhou', country: 'CN', ...near.guangzhou } } });
    expect(onlyTea.status).toBe(201);
    expect(await stockOf(app.orm, tea, 'CAN')).toMatchObject({ reserved: 1 });

    const split = await api('/orders', { body: { ...orderBody([{ sku: tea, quantity: 14 }]), shippingAddress: { line1: '1 Tianhe Rd', city: 'Guangzhou', country: 'CN', ...near.guangzhou } } });
    expect(split.status).toBe(201);
    // Guangzhou has 9 left and Beijing 6: the nearest gives all it has, Beijing the rest.
    expect(split.body.lines.map((line: { quantity: number }) => line.quantity).toSorted()).toEqual([5, 9]);
    expect(await stockOf(app.orm, tea, 'CAN')).toMatchObject({ reserved: 10 });
    expect(await stockOf(app.orm, tea, 'PEK')).toMatchObject({ reserved: 9 });
    const short = await api('/orders', { body: orderBody([{ sku: tea, quantity: 2 }]) });
    expect(short.status).toBe(409);
    expect(short.body.error.details.lines).toEqual([{ sku: tea, requested: 2, available: 1 }]);
    expect((await warehousesOf(toBeijing.body.number)).status).toBe('confirmed');
  });
});

describe('transfers', () => {
  it('reserve at the source, ship (in transit), receive at the destination; the ledger agrees throughout', async () => {
    const { sku } = await productWithStock(app.orm, 0);
    await receive('PEK', [{ sku, quantity: 20 }]);
    const created = await api('/inventory/transfers', { body: { from: 'PEK', to: 'CAN', lines: [{ sku, quantity: 8 }] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ from: 'PEK', to: 'CAN', status: 'reserved', lines: [{ sku, quantity: 8 }] });
    expect(await stockOf(app.orm, sku, 'PEK')).toEqual({ onHand: 20, reserved: 8, ledgerOnHand: 20, ledgerReserved: 8 });
    expect((await api(`/inventory/transfers/${created.body.number}/receive`, { method: 'POST' })).status).toBe(409);
    expect((await api(`/inventory/transfers/${created.body.number}/ship`, { method: 'POST' })).body.status).toBe('in_transit');
    expect(await stockOf(app.orm, sku, 'PEK')).toEqual({ onHand: 12, reserved: 0, ledgerOnHand: 12, ledgerReserved: 0 });
    expect((await api(`/inventory/transfers/${created.body.number}/receive`, { method: 'POST' })).body.status).toBe('received');
    expect(await stockOf(app.orm, sku, 'CAN')).toEqual({ onHand: 8, reserved: 0, ledgerOnHand: 8, ledgerReserved: 0 });
    const tooMuch = await api('/inventory/transfers', { body: { from: 'PEK', to: 'CAN', lines: [{ sku, quantity: 13 }] } });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([409, 'insufficient_stock']);
    expect((await api('/inventory/transfers', { body: { from: 'PEK', to: 'PEK', lines: [{ sku, quantity: 1 }] } })).status).toBe(422);
    expect((await api('/inventory/integrity')).body).toEqual({ ok: true, mismatches: [] });
  });
});

describe('stock counts', () => {
  it('a variance is posted only after approval, with counter and approver in the audit log', async () => {
    const { sku } = await productWithStock(app.orm, 30);
    await api('/orders', { body: orderBody([{ sku, quantity: 5 }]) });
    const opened = await api('/inventory/counts', { body: { skus: [sku] } });
    expect(opened.status).toBe(201);
    expect(opened.body.lines).toEqual([{ sku, expected: 30, counted: null, variance: null, countedBy: null }]);
    const counted = await api(`/inventory/counts/${opened.body.id}/lines`, { method: 'PUT', body: { lines: [{ sku, counted: 27 }] } });
    expect(counted.body.lines[0]).toMatchObject({ counted: 27, variance: -3 });
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 30, reserved: 5 });

    const approved = await api(`/inventory/counts/${opened.body.id}/approve`, { method: 'POST' });
    expect(approved.body.status).toBe('approved');
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 27, reserved: 5, ledgerOnHand: 27, ledgerReserved: 5 });
    const [entry] = await app.orm.em.fork().find(AuditEntry, { action: 'stock.adjusted', entityId: { $like: `%/${sku}` } });
    expect(entry!.after).toMatchObject({ onHand: 27, counted: 27, expected: 30, countedBy: expect.stringMatching(/^api_key:/), approvedBy: expect.stringMatching(/^api_key:/) });
    expect((await api(`/inventory/counts/${opened.body.id}/approve`, { method: 'POST' })).status).toBe(409);
  });

  it('a count that would leave less on hand than is reserved is refused and posts nothing', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    await api('/orders', { body: orderBody([{ sku, quantity: 8 }]) });
    const opened = await api('/inventory/counts', { body: { skus: [sku] } });
    await api(`/inventory/counts/${opened.body.id}/lines`, { method: 'PUT', body: { lines: [{ sku, counted: 2 }] } });
    const refused = await api(`/inventory/counts/${opened.body.id}/approve`, { method: 'POST' });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'rule_violation']);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 10, reserved: 8, ledgerOnHand: 10, ledgerReserved: 8 });
    expect((await api('/inventory/counts', { body: { skus: ['NOPE-404'] } })).status).toBe(422);
  });
});

describe('purchase orders', () => {
  it('a partial then a full receipt move the order through its states and stock by exactly the received quantities', async () => {
    const { sku } = await productWithStock(app.orm, 5);
    expect((await api('/suppliers', { body: { code: 'HZTEA', name: 'Hangzhou Tea Co.', leadTimeDays: 10 } })).status).toBe(201);
    const draft = await api('/purchase-orders', { body: { supplier: 'HZTEA', lines: [{ sku, quantity: 10 }] } });
    expect(draft.body).toMatchObject({ status: 'draft', warehouse: 'MAIN', lines: [{ sku, ordered: 10, received: 0 }] });
    const number = draft.body.number;
    expect((await api(`/purchase-orders/${number}/receipts`, { body: { lines: [{ sku, quantity: 1 }] } })).status).toBe(409);
    expect((await api(`/purchase-orders/${number}/send`, { method: 'POST' })).body.status).toBe('sent');
    const partial = await api(`/purchase-orders/${number}/receipts`, { body: { lines: [{ sku, quantity: 4 }] } });
    expect(partial.body).toMatchObject({ status: 'partially_received', lines: [{ sku, ordered: 10, received: 4 }] });
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 9, ledgerOnHand: 9 });
    const over = await api(`/purchase-orders/${number}/receipts`, { body: { lines: [{ sku, quantity: 7 }] } });
    expect([over.status, over.body.error.code]).toEqual([422, 'rule_violation']);
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 9 });
    const full = await api(`/purchase-orders/${number}/receipts`, { body: { lines: [{ sku, quantity: 6 }] } });
    expect(full.body).toMatchObject({ status: 'received', lines: [{ sku, ordered: 10, received: 10 }] });
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 15, reserved: 0, ledgerOnHand: 15, ledgerReserved: 0 });
    expect((await api(`/purchase-orders/${number}/cancel`, { method: 'POST' })).status).toBe(409);
  });
});

describe('low-stock alert', () => {
  it('crossing the reorder point sends exactly one alert; its button creates a draft for the computed quantity', async () => {
    const { sku } = await productWithStock(app.orm, 16);
    await api('/suppliers', { body: { code: 'SZCUP', name: 'Shenzhen Cups', leadTimeDays: 14 } });
    expect((await api('/inventory/reorder-policies', { method: 'PUT', body: { sku, reorderPoint: 10, safetyStock: 5, supplier: 'SZCUP' } })).status).toBe(200);
    await app.core.staff.addStaff({ slackUserId: 'U0BUYER', name: 'Wang Fang', role: 'manager' }, systemActor);

    const results = await Promise.all(Array.from({ length: 6 }, () => api('/orders', { body: orderBody([{ sku, quantity: 2 }]) })));
    expect(results.map((result) => result.status)).toEqual(Array(6).fill(201));
    await eventually('the alert', () => office.slack.posted.some((post) => post.channel === 'C_OPS' && post.text.includes(sku)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const alerts = office.slack.posted.filter((post) => post.channel === 'C_OPS' && post.text.includes(sku));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toMatch(new RegExp(`^📉 Low stock: ${sku} .* at MAIN: \\d available, reorder point 10\\.$`));

    // Demand 12 units in 28 days over a 14-day lead time = 6, plus safety stock 5 = 11;
    // available 4 + on order 0 must get back above the point 10 (7): 11 wins.
    const slack = new SlackRequests(`${app.url}/slack/events`, 'ops-secret');
    const button = JSON.stringify(alerts[0]!.blocks).match(/"value":"(\{[^"]*\}|\{\\"[^}]*\})"/);
    expect(button).not.toBeNull();
    const value = JSON.parse(`"${button![1]}"`) as string;
    await slack.click('U0BUYER', 'po_create', value, { channel: 'C_OPS', ts: alerts[0]!.ts, blocks: alerts[0]!.blocks });
    await eventually('the draft', async () => (await api('/purchase-orders?status=draft')).body.items.some((order: { supplier: string }) => order.supplier === 'SZCUP'));
    const draft = (await api('/purchase-orders?status=draft')).body.items.find((order: { supplier: string }) => order.supplier === 'SZCUP');
    expect(draft).toMatchObject({ warehouse: 'MAIN', lines: [{ sku, ordered: 11, received: 0 }], createdBy: 'staff:U0BUYER' });
    await eventually('the alert edited', () => office.slack.callsTo('chat.update').some((call) => String(call.params.text).startsWith(`🧾 Draft ${draft.number} for 11 × ${sku} created by Wang Fang.`)));
  });
});

describe('reorder proposals and the integrity check', () => {
  it('the reorder run drafts a purchase order for stock below its point, and counts it as on order next time', async () => {
    const { sku } = await productWithStock(app.orm, 3);
    await api('/suppliers', { body: { code: 'NBPOT', name: 'Ningbo Pots', leadTimeDays: 5 } });
    await api('/inventory/reorder-policies', { method: 'PUT', body: { sku, reorderPoint: 10, reorderQuantity: 24, supplier: 'NBPOT' } });
    const first = await api('/purchase-orders/proposals', { method: 'POST' });
    const mine = (items: Array<{ supplier: string; lines: Array<{ sku: string; ordered: number }> }>) => items.filter((order) => order.lines.some((line) => line.sku === sku));
    expect(mine(first.body.items).map((order) => [order.supplier, order.lines])).toEqual([['NBPOT', [{ sku, ordered: 24, received: 0 }]]]);
    expect(mine((await api('/purchase-orders/proposals', { method: 'POST' })).body.items)).toEqual([]);
  });

  it('a stock level that disagrees with its ledger is reported, and alerted to the ops channel with the exact row', async () => {
    const { sku } = await productWithStock(app.orm, 7);
    await app.orm.em.fork().getConnection().execute(`update stock_level set on_hand = on_hand + 2 where product_id = (select id from product where sku = '${sku}')`);
    const report = await api('/inventory/integrity');
    expect(report.body.ok).toBe(false);
    expect(report.body.mismatches).toContainEqual({ warehouse: 'MAIN', sku, onHand: 9, reserved: 0, ledgerOnHand: 7, ledgerReserved: 0, openReservations: 0 });

    const processors = office.queues;
    await processors.enqueue('inventory.integrity-check', {});
    await eventually('the alert', () => office.slack.posted.some((post) => post.channel === 'C_OPS' && post.text.includes(`MAIN ${sku}: on hand 9 (ledger 7)`)));
    await app.orm.em.fork().getConnection().execute(`update stock_level set on_hand = on_hand - 2 where product_id = (select id from product where sku = '${sku}')`);
  });
});

describe('cycle counts', () => {
  it('on a Monday the daily job opens a count of the class-A products of each warehouse', async () => {
    const { sku } = await productWithStock(app.orm, 4);
    await api('/inventory/reorder-policies', { method: 'PUT', body: { sku, reorderPoint: 1, abcClass: 'A' } });
    const opened = await app.core.inventory.openCycleCounts(new Date('2026-11-23T02:00:00Z'), { type: 'system', id: 'cycle-count' });
    expect(opened.map((count) => [count.warehouse, count.openedBy, count.lines.map((line) => line.sku)])).toEqual([['MAIN', 'system:cycle-count', [sku]]]);
    expect(await app.core.inventory.openCycleCounts(new Date('2026-11-25T02:00:00Z'), { type: 'system' })).toEqual([]);
  });
});

describe('stock counts in Slack', () => {
  it('/count opens a modal per SKU; the submission records counts; only a manager\'s Approve posts the variance', async () => {
    const { sku } = await productWithStock(app.orm, 12);
    await app.core.staff.addStaff({ slackUserId: 'U0COUNTER', name: 'Zhou Qiang', role: 'agent' }, systemActor);
    await app.core.staff.addStaff({ slackUserId: 'U0BOSS', name: 'Sun Li', role: 'manager' }, systemActor);
    const opened = await api('/inventory/counts', { body: { skus: [sku] } });
    const slack = new SlackRequests(`${app.url}/slack/events`, 'ops-secret');

    expect((await slack.command('U0COUNTER', '/count', '999999')).body.text).toBe('No open count 999999.');
    expect((await slack.command('U0COUNTER', '/count', String(opened.body.id))).status).toBe(200);
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes(`${sku} (books: 12)`)));
    const bad = await slack.submitView('U0COUNTER', 'stock_count_modal', { line_0: { value: { type: 'number_input', value: '-4' } } }, String(opened.body.id));
    expect(bad.body).toEqual({ response_action: 'errors', errors: { line_0: 'Enter a whole number of units (0 or more).' } });
    expect((await slack.submitView('U0COUNTER', 'stock_count_modal', { line_0: { value: { type: 'number_input', value: '10' } } }, String(opened.body.id))).status).toBe(200);
    await eventually('the summary', () => office.slack.posted.some((post) => post.channel === 'U0COUNTER' && post.text === `Count ${opened.body.id} at MAIN: ${sku} 10 (variance -2)`));
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 12 });

    const summary = office.slack.posted.find((post) => post.channel === 'U0COUNTER' && post.text.startsWith(`Count ${opened.body.id}`))!;
    await slack.click('U0COUNTER', 'count_approve', String(opened.body.id), { channel: summary.channel, ts: summary.ts, blocks: summary.blocks });
    await eventually('the refusal', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0COUNTER' && call.params.text === 'Sorry, your role (agent) cannot do this.'));
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 12 });
    await slack.click('U0BOSS', 'count_approve', String(opened.body.id), { channel: summary.channel, ts: summary.ts, blocks: summary.blocks });
    await eventually('approved', async () => (await stockOf(app.orm, sku)).onHand === 10);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 10, reserved: 0, ledgerOnHand: 10, ledgerReserved: 0 });
    const [entry] = await app.orm.em.fork().find(AuditEntry, { action: 'stock.adjusted', entityId: `MAIN/${sku}` });
    expect(entry!.after).toMatchObject({ countedBy: 'staff:U0COUNTER', approvedBy: 'staff:U0BOSS' });
  });
});
