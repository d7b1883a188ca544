import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { systemActor, type Actor } from '../../core/shared/actor.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { SimulatedCarrier } from '../../bots/carriers/simulated.carrier.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { request, type TestApp } from '../support/app.ts';
import { startConsolePair } from '../support/console-pair.ts';
import type { SlackRequests } from '../support/slack-signer.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';

const admin: Actor = { type: 'staff', id: 'U0ADMIN', role: 'admin' };
const picker: Actor = { type: 'staff', id: 'U0PICK', role: 'agent' };
const supervisor = 'U0SUPER';
let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let auth: Record<string, string>;
let chat = 9_600_000;

beforeAll(async () => {
  ({ office, app, slack } = await startConsolePair({ SLACK_OPS_CHANNEL: 'C_OPS', DEFAULT_LOCALE: 'en' }, { carriers: new Map([['SIM', new SimulatedCarrier(systemClock)]]) }));
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await app.core.staff.addStaff({ slackUserId: supervisor, name: 'Zhou Jie', role: 'supervisor' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: 'U0AGENT', name: 'Han Meimei', role: 'agent' }, systemActor);
  await app.core.logistics.saveCarrier({
    code: 'SIM', name: 'Simulated Express', nameZh: '模拟快递',
    services: [{ code: 'standard', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1200 }] }],
  }, admin);
  await app.core.procurement.createSupplier({ code: 'POTTERY', name: 'Yixing Pottery' }, admin);
});

const db = () => app.orm.em.fork().getConnection();
const statusOf = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;

interface LineRow { id: number; number: string; quantity: number; reserved: number; shipped: number; backordered: number; cancelled: number }

async function linesOf(sku: string): Promise<LineRow[]> {
  const rows = await db().execute<LineRow[]>(
    `select ol.id, o.number, ol.quantity, ol.reserved, ol.shipped, ol.backordered, ol.cancelled from order_line ol join "order" o on o.id = ol.order_id where ol.sku = ? order by ol.id`, [sku]);
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** On every line quantity = reserved + shipped + backordered + cancelled, and stock agrees with the ledger and with what lines reserve. */
async function booksBalance(sku: string): Promise<void> {
  for (const line of await linesOf(sku)) expect(line.reserved + line.shipped + line.backordered + line.cancelled).toBe(line.quantity);
  expect((await app.core.inventory.integrityMismatches(admin)).filter((row) => row.sku === sku)).toEqual([]);
}

async function stockOf(sku: string): Promise<{ onHand: number; reserved: number }> {
  const [row] = await db().execute<Array<{ on_hand: number; reserved: number }>>(
    'select coalesce(sum(s.on_hand), 0)::int as on_hand, coalesce(sum(s.reserved), 0)::int as reserved from stock_level s join product p on p.id = s.product_id where p.sku = ?', [sku]);
  return { onHand: row!.on_hand, reserved: row!.reserved };
}

let keys = 0;
/** `count` lines of `[reserved, backordered]`. */
const split = (count: number, reserved: number, backordered: number) => Array.from({ length: count }, () => [reserved, backordered]);
const placeByApi = (sku: string, quantity = 1) => request(`${app.url}/api/v1/orders`, { body: orderBody([{ sku, quantity }]), headers: { ...auth, 'Idempotency-Key': `backorder-${process.pid}-${(keys += 1)}` } });

describe('backorders', () => {
  it('20 concurrent orders for 5 in stock: 5 reserved and 15 backordered in arrival order; a purchase-order receipt of 10, sent twice at once, fills the next 10 oldest exactly once', async () => {
    const { sku } = await productWithStock(app.orm, 5, { name: 'Pre-sale teapot', allowBackorder: true, backorderExpectedAt: '2026-12-20', priceMinor: 5000 });
    const placed = await Promise.all(Array.from({ length: 20 }, () => placeByApi(sku)));
    expect(placed.map((response) => response.status)).toEqual(Array(20).fill(201));
    const lines = await linesOf(sku);
    expect(lines).toHaveLength(20);
    // Line ids follow the order in which orders took the stock row: the first five got the stock.
    expect(lines.map((line) => [line.reserved, line.backordered])).toEqual([...split(5, 1, 0), ...split(15, 0, 1)]);
    // Each answer says what the database wrote.
    for (const response of placed) {
      const [line] = response.body.lines as Array<{ reserved: number; backordered: number; quantity: number }>;
      const written = lines.find((row) => row.number === response.body.number)!;
      expect([line!.quantity, line!.reserved, line!.backordered]).toEqual([1, written.reserved, written.backordered]);
    }
    expect(await stockOf(sku)).toEqual({ onHand: 5, reserved: 5 });
    await booksBalance(sku);

    const po = await app.core.procurement.createPurchaseOrder({ supplier: 'POTTERY', lines: [{ sku, quantity: 10 }], actor: admin });
    await app.core.procurement.changeStatus(po.number, 'sent', admin);
    // The same receipt twice at once (a double click), and three new orders meanwhile: none jumps the queue.
    const [first, second, ...late] = await Promise.allSettled([
      app.core.procurement.receive(po.number, [{ sku, quantity: 10 }], admin),
      app.core.procurement.receive(po.number, [{ sku, quantity: 10 }], admin),
      placeByApi(sku), placeByApi(sku), placeByApi(sku),
    ]);
    expect([first, second].filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = [first, second].find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.code).toBe('invalid_transition');
    expect(late.map((outcome) => outcome.status === 'fulfilled' && outcome.value.status)).toEqual([201, 201, 201]);

    const after = await linesOf(sku);
    expect(after.slice(0, 20).map((line) => [line.reserved, line.backordered])).toEqual([...split(15, 1, 0), ...split(5, 0, 1)]);
    expect(after.slice(20).map((line) => [line.reserved, line.backordered])).toEqual([[0, 1], [0, 1], [0, 1]]);
    const fills = await db().execute<Array<{ reference: string }>>(
      `select m.reference from stock_movement m join product p on p.id = m.product_id where p.sku = ? and m.kind = 'reservation' and m.actor_id = 'backorders'`, [sku]);
    expect(fills.map((fill) => fill.reference).toSorted()).toEqual(after.slice(5, 15).map((line) => line.number).toSorted());
    expect(await stockOf(sku)).toEqual({ onHand: 15, reserved: 15 });
    await booksBalance(sku);

    // Cancelling an order with stock gives its unit to the oldest order still waiting.
    const cancelled = await request(`${app.url}/api/v1/orders/${after[0]!.number}/cancel`, { body: { reason: 'changed my mind' }, headers: auth });
    expect(cancelled.status).toBe(200);
    const next = (await linesOf(sku)).find((line) => line.id === after[15]!.id)!;
    expect([next.reserved, next.backordered]).toEqual([1, 0]);
    await booksBalance(sku);
  });

  it('cancelling an order with units both reserved and backordered on one line gives its stock to the next order, never back to itself', async () => {
    const { sku } = await productWithStock(app.orm, 2, { name: 'Tea jar', allowBackorder: true });
    const first = await placeByApi(sku, 3);
    const second = await placeByApi(sku, 1);
    expect((await linesOf(sku)).map((line) => [line.reserved, line.backordered])).toEqual([[2, 1], [0, 1]]);
    const cancelled = await request(`${app.url}/api/v1/orders/${first.body.number}/cancel`, { method: 'POST', headers: auth });
    expect(cancelled.status).toBe(200);
    expect((await linesOf(sku)).map((line) => [line.number, line.reserved, line.backordered, line.cancelled])).toEqual([
      [first.body.number, 0, 0, 3], [second.body.number, 1, 0, 0],
    ]);
    expect(await stockOf(sku)).toEqual({ onHand: 2, reserved: 1 });
    await booksBalance(sku);
  });

  it('a product without backorders is still refused when short; the chat confirmation names the backordered units and their date', async () => {
    const { sku: plain } = await productWithStock(app.orm, 1, { name: 'Plain cup' });
    const refused = await placeByApi(plain, 2);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('insufficient_stock');

    const { sku } = await productWithStock(app.orm, 1, { name: 'Clay kettle', nameZh: '陶壶', allowBackorder: true, backorderExpectedAt: '2026-12-20' });
    const chatId = String((chat += 1));
    const { order } = await chatOrder(office.core, { sku, chatId, quantity: 3, locale: 'zh-CN' });
    expect(order.lines.map((line) => [line.quantity, line.reserved, line.backordered])).toEqual([[3, 1, 2]]);
    await eventually('the confirmation', () => office.telegram.messagesTo(chatId).some((text) => text.includes(order.number)));
    const confirmation = office.telegram.messagesTo(chatId).find((text) => text.includes(order.number))!;
    expect(confirmation).toContain('陶壶 × 3');
    expect(confirmation).toContain('其中 2 件缺货预订：预计 2026年12月20日 到货');
  });
});

/** A Telegram order of three teapots (three on the shelf, by the books), on a pick list. */
async function threeOnAList(options: { paymentMethod?: 'cash_on_delivery' | 'bank_transfer' } = {}): Promise<{ number: string; chatId: string; sku: string; list: string }> {
  const { sku } = await productWithStock(app.orm, 3, { name: 'Zisha teapot', priceMinor: 10_000, allowBackorder: true, weightGrams: 500 });
  const chatId = String((chat += 1));
  const customer = await office.core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: 'Qian', locale: 'en' });
  const { order } = await app.core.orders.placeOrder({
    channel: 'telegram', identity: { channel: 'telegram', externalId: chatId }, contact: { name: 'Qian', locale: 'en' }, lines: [{ sku, quantity: 3 }],
    shippingAddress: { line1: '1 Nanjing Road', city: 'Shanghai', country: 'CN' }, paymentMethod: options.paymentMethod ?? 'cash_on_delivery',
    actor: { type: 'customer', id: String(customer.id) },
  });
  const created = await app.core.fulfilment.createPickList({ orders: [order.number], actor: picker });
  return { number: order.number, chatId, sku, list: created.pickList.number };
}

async function slackCard(list: string): Promise<{ channel: string; ts: string; blocks: unknown; value: string }> {
  await eventually('the short-pick card', () => office.slack.posted.some((post) => post.channel === 'C_OPS' && post.text.includes(list)));
  const post = office.slack.posted.find((each) => each.channel === 'C_OPS' && each.text.includes(list))!;
  const value = /"action_id":"short_backorder","value":"((?:[^"\\]|\\.)*)"/.exec(JSON.stringify(post.blocks))![1]!.replaceAll('\\"', '"');
  return { channel: post.channel, ts: post.ts, blocks: post.blocks, value };
}

describe('short picks', () => {
  it('2 of 3 found → backordered in Slack → the 2 ship now, the third later as a second parcel; stock equals the ledger', async () => {
    const { number, chatId, sku, list } = await threeOnAList();
    await app.core.fulfilment.scan(list, { barcode: sku, quantity: 2 }, picker);
    // The page's token route and the API take the same report; the line then waits for a decision.
    const reported = await request(`${app.url}/api/v1/pick-lists/${list}/short`, { body: { sku, missing: 1 }, headers: auth });
    expect(reported.status).toBe(200);
    expect(reported.body.lines[0]).toMatchObject({ quantity: 3, scanned: 2, short: 1 });
    expect(await statusOf(number)).toBe('picking');

    const card = await slackCard(list);
    expect(office.slack.posted.find((post) => post.ts === card.ts)!.text).toBe(`📦 Short pick on ${list} (MAIN): order ${number}, ${sku} Zisha teapot: 1 of 3 not on the shelf. What should happen to them?`);
    expect(JSON.stringify(card.blocks)).toMatch(/short_backorder.*short_ship_partial.*short_cancel_line/);
    // An agent may not decide (the role is checked again in core); a supervisor may, once.
    await slack.click('U0AGENT', 'short_backorder', card.value, card);
    await slack.click(supervisor, 'short_backorder', card.value, card);
    await eventually('the decision', async () => (await statusOf(number)) === 'packed');
    await eventually('the card edited', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === card.ts));
    expect(String(office.slack.callsTo('chat.update').find((call) => call.params.ts === card.ts)!.params.text)).toBe(`Zhou Jie: Backorder them. Order ${number} is now packed and ready to ship.`);
    expect(office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0AGENT')).toBe(true);
    const second = await request(`${app.url}/api/v1/pick-lists/${list}/short/decision`, { body: { order: number, sku, choice: 'cancel_line' }, headers: auth });
    expect(second.status).toBe(409);
    expect((await linesOf(sku)).map((line) => [line.reserved, line.shipped, line.backordered, line.cancelled])).toEqual([[2, 0, 1, 0]]);
    expect(await stockOf(sku)).toEqual({ onHand: 2, reserved: 2 });
    const adjustment = await db().execute<Array<{ on_hand_delta: number; reference: string }>>(
      `select m.on_hand_delta, m.reference from stock_movement m join product p on p.id = m.product_id where p.sku = ? and m.kind = 'adjustment'`, [sku]);
    expect(adjustment).toEqual([{ on_hand_delta: -1, reference: `SHORT-${list}-${number}` }]);
    await eventually('the customer told of the backorder', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`⏳ Order ${number}: 1 × Zisha teapot could not be packed today.`)));

    const first = await app.core.logistics.shipOrder(number, picker);
    expect(first.parcels.map((parcel) => parcel.weightGrams)).toEqual([1000]);
    expect(await statusOf(number)).toBe('partially_shipped');
    await eventually('parcel 1', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`🚚 Order ${number}, parcel 1 is on its way`) && text.includes('Zisha teapot × 2') && text.includes('The rest follows')));
    await booksBalance(sku);

    await app.core.inventory.receiveStock({ lines: [{ sku, quantity: 1 }], reference: 'restock', actor: admin });
    expect((await linesOf(sku)).map((line) => [line.reserved, line.shipped, line.backordered])).toEqual([[1, 2, 0]]);
    const again = await app.core.fulfilment.createPickList({ orders: [number], actor: picker });
    expect(again.pickList.lines.map((line) => line.quantity)).toEqual([1]);
    expect(await statusOf(number)).toBe('picking');
    await app.core.fulfilment.scan(again.pickList.number, { barcode: sku }, picker);
    expect(await statusOf(number)).toBe('packed');
    const last = await app.core.logistics.shipOrder(number, picker);
    expect(await statusOf(number)).toBe('shipped');
    await eventually('parcel 2 of 2', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`🚚 Order ${number}, parcel 2 of 2 is on its way`) && text.includes('Zisha teapot × 1')));
    expect((await linesOf(sku)).map((line) => [line.reserved, line.shipped, line.backordered, line.cancelled])).toEqual([[0, 3, 0, 0]]);
    expect(await stockOf(sku)).toEqual({ onHand: 0, reserved: 0 });
    await booksBalance(sku);

    // Cash on delivery is collected per parcel (its units), and the order is delivered with the last.
    for (const parcel of [...first.parcels, ...last.parcels]) {
      await app.core.logistics.applyCarrierEvents('SIM', [{ id: `${parcel.trackingNumber}-done`, trackingNumber: parcel.trackingNumber, status: 'delivered', occurredAt: new Date() }]);
    }
    expect(await statusOf(number)).toBe('delivered');
    const finance: Actor = { type: 'staff', id: 'U0FIN', role: 'finance' };
    expect((await app.core.payments.paymentsOf(number, finance)).payments.map((row) => row.amountMinor)).toEqual([20_000, 10_000]);
  });

  it('ship without the missing unit: it is cancelled off the total and refunded; cancel the line: the found units go back to the shelf', async () => {
    const paid = await threeOnAList({ paymentMethod: 'bank_transfer' });
    const finance: Actor = { type: 'staff', id: 'U0FIN', role: 'finance' };
    await app.core.payments.recordPayment(paid.number, { amountMinor: 30_000, method: 'bank_transfer', reference: `bank-${paid.number}` }, finance);
    await app.core.fulfilment.scan(paid.list, { barcode: paid.sku, quantity: 2 }, picker);
    await app.core.fulfilment.reportShort(paid.list, { sku: paid.sku, missing: 1 }, picker);
    const outcome = await app.core.fulfilment.decideShort({ pickList: paid.list, order: paid.number, sku: paid.sku, choice: 'ship_partial' }, { type: 'staff', id: supervisor, role: 'supervisor' });
    expect(outcome).toMatchObject({ missing: 1, cancelled: 1, creditedMinor: 10_000, refundMinor: 10_000, status: 'packed' });
    const order = await app.core.orders.getOrder(paid.number, systemActor);
    expect(order.totalMinor).toBe(20_000);
    const payments = await app.core.payments.paymentsOf(paid.number, finance);
    expect(payments.payments.filter((row) => row.kind === 'refund').map((row) => [row.amountMinor, row.state])).toEqual([[10_000, 'owed']]);
    await eventually('the customer told', () => office.telegram.messagesTo(paid.chatId).some((text) => text.includes('1 × Zisha teapot turned out to be out of stock') && text.includes('We are refunding')));
    await app.core.logistics.shipOrder(paid.number, picker);
    expect(await statusOf(paid.number)).toBe('shipped');
    expect((await linesOf(paid.sku)).map((line) => [line.reserved, line.shipped, line.backordered, line.cancelled])).toEqual([[0, 2, 0, 1]]);
    await booksBalance(paid.sku);

    const whole = await threeOnAList();
    await app.core.fulfilment.scan(whole.list, { barcode: whole.sku }, picker);
    await app.core.fulfilment.reportShort(whole.list, { sku: whole.sku, missing: 2 }, picker);
    const cancelled = await request(`${app.url}/api/v1/pick-lists/${whole.list}/short/decision`, { body: { order: whole.number, sku: whole.sku, choice: 'cancel_line' }, headers: auth });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ missing: 2, cancelled: 3, status: 'cancelled' });
    expect(await stockOf(whole.sku)).toEqual({ onHand: 1, reserved: 0 });
    expect((await linesOf(whole.sku)).map((line) => [line.reserved, line.shipped, line.backordered, line.cancelled])).toEqual([[0, 0, 0, 3]]);
    await booksBalance(whole.sku);
  });
});
