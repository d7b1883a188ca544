import { t } from '../../bots/i18n/index.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../../core/shared/audit.entity.ts';
import { Order } from '../../core/orders/index.ts';
import { systemActor, type Actor } from '../../core/shared/actor.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { SimulatedCarrier } from '../../bots/carriers/simulated.carrier.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { stockOf } from '../support/inspect.ts';
import { request, type TestApp } from '../support/app.ts';
import { modalChecks, modalNumber, modalText, startConsolePair } from '../support/console-pair.ts';
import type { SlackRequests } from '../support/slack-signer.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';

const manager = 'U0BOBOSS';
const agent = 'U0BOAGENT';
const admin: Actor = { type: 'staff', id: 'U0ADMIN', role: 'admin' };
let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let chat = 9_950_000;
const supervisor = 'U0BOSUPER';
const carriers = new Map([['SIM', new SimulatedCarrier(systemClock)]]);

beforeAll(async () => {
  const env = { DEFAULT_LOCALE: 'en', SLACK_OPS_CHANNEL: 'C_OPS', SLACK_MANAGERS_CHANNEL: 'C_MANAGERS', SLACK_APPROVALS_CHANNEL: 'C_APPROVALS', SLACK_WAREHOUSE_CHANNELS: 'MAIN=C_MAIN,PICKW=C_PICK' };
  ({ office, app, slack } = await startConsolePair(env, { carriers, carriersInWorker: true }));
  await app.core.logistics.saveCarrier({
    code: 'SIM', name: 'Simulated Express', nameZh: '模拟快递',
    services: [{ code: 'standard', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1200 }] }],
  }, admin);
  await app.core.staff.addStaff({ slackUserId: supervisor, name: 'Zhou Jie', role: 'supervisor' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: manager, name: 'Sun Li', role: 'manager' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: agent, name: 'Zhou Qiang', role: 'agent' }, systemActor);
  await app.core.procurement.createSupplier({ code: 'LEAF', name: 'Leaf Farm' }, admin);
});

const db = () => app.orm.em.fork();
/** The product modal's values: text fields and the ticked options. */
const form = (fields: Record<string, string>, ticked: string[]) => ({
  ...Object.fromEntries(Object.entries(fields).map(([block, value]) => [block, modalText(value)])), flags: modalChecks(ticked),
});
const dmsTo = (user: string) => office.slack.posted.filter((post) => post.channel === user).map((post) => post.text);

describe('the shop from Slack', () => {
  it('/receive takes a purchase order in two parts, with a discrepancy noted; stock follows through the ledger', async () => {
    const { sku: tea } = await productWithStock(app.orm, 0, { name: 'Longjing' });
    const { sku: cups } = await productWithStock(app.orm, 0, { name: 'Cups' });
    const po = await app.core.procurement.createPurchaseOrder({ supplier: 'LEAF', lines: [{ sku: tea, quantity: 10 }, { sku: cups, quantity: 6 }], actor: admin });
    expect((await slack.command(agent, '/receive', po.number)).body.text).toContain(`No purchase order ${po.number} waiting for goods`);
    await app.core.procurement.changeStatus(po.number, 'sent', admin);

    expect((await slack.command(agent, '/receive', po.number)).status).toBe(200);
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes(`${tea} (ordered 10, received 0)`)));
    const lineOf = (sku: string) => `line_${[tea, cups].toSorted().indexOf(sku)}`;
    const empty = await slack.submitView(agent, 'po_receive_modal', {}, po.number);
    expect(empty.body).toEqual({ response_action: 'errors', errors: { line_0: 'Enter at least one quantity received.' } });
    const first = await slack.submitView(agent, 'po_receive_modal', { [lineOf(tea)]: modalNumber('6'), note: modalText('2 boxes crushed, left out') }, po.number);
    expect(first.status).toBe(200);
    await eventually('the first receipt', () => dmsTo(agent).some((text) => text.startsWith(`📦 Received for ${po.number}: ${tea} × 6. Still expected:`)));
    expect(await stockOf(app.orm, tea)).toMatchObject({ onHand: 6, ledgerOnHand: 6 });
    const [entry] = await db().find(AuditEntry, { entityType: 'purchase_order', entityId: po.number, action: 'purchase_order.partially_received' });
    expect(entry!.after).toMatchObject({ note: '2 boxes crushed, left out', received: [{ sku: tea, quantity: 6 }] });

    await slack.submitView(agent, 'po_receive_modal', { [lineOf(tea)]: modalNumber('4'), [lineOf(cups)]: modalNumber('6') }, po.number);
    await eventually('the second receipt', () => dmsTo(agent).some((text) => text.includes('Everything ordered is in.')));
    expect((await app.core.procurement.getPurchaseOrder(po.number, admin)).status).toBe('received');
    expect(await stockOf(app.orm, cups)).toMatchObject({ onHand: 6, ledgerOnHand: 6 });
  });

  it('a count is announced when it opens; its approval goes to the managers\' channel, where only a manager\'s click posts it', async () => {
    const { sku } = await productWithStock(app.orm, 12, { name: 'Oolong' });
    const started = await slack.command(agent, '/count', `new ${sku}`);
    const id = Number(/Count (\d+) opened at MAIN with 1 SKUs/.exec(started.body.text)![1]);
    const opened = await app.core.inventory.getCount(id, admin);
    await eventually('the announcement', () => office.slack.posted.some((post) => post.channel === 'C_OPS' && post.text === `📋 Stock count ${opened.id} opened at MAIN: 1 SKUs to count. Enter what you find with \`/count ${opened.id}\`.`));
    await slack.submitView(agent, 'stock_count_modal', { line_0: modalNumber('10') }, String(opened.id));
    await eventually('the approval in the managers\' channel', () => office.slack.posted.some((post) => post.channel === 'C_MANAGERS' && post.text === `Count ${opened.id} at MAIN: ${sku} 10 (variance -2)`));
    await eventually('the counter told', () => dmsTo(agent).includes(`Count ${opened.id} recorded; its approval is with the managers.`));
    const card = office.slack.posted.find((post) => post.channel === 'C_MANAGERS' && post.text.startsWith(`Count ${opened.id}`))!;
    await slack.click(agent, 'count_approve', String(opened.id), card);
    await eventually('the refusal', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === agent && call.params.text === 'Sorry, your role (agent) cannot do this.'));
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 12 });
    await slack.click(manager, 'count_approve', String(opened.id), card);
    await eventually('approved', async () => (await stockOf(app.orm, sku)).onHand === 10);
    await eventually('the card edited', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === card.ts && String(call.params.text).startsWith(`✅ Count ${opened.id} approved by Sun Li`)));
  });

  it('/price changes a price for managers only, with the price before and after in the audit log', async () => {
    const { sku } = await productWithStock(app.orm, 1, { name: 'Pu-erh cake', priceMinor: 10_000 });
    expect((await slack.command(agent, '/price', `${sku} 128`)).body.text).toBe('Sorry, your role (agent) cannot do this.');
    expect((await slack.command(manager, '/price', `${sku} twelve`)).body.text).toContain('Write `/price SKU amount`');
    expect((await slack.command(manager, '/price', `${sku} 128.00`)).body.text).toBe(`Price of ${sku} Pu-erh cake: CN¥100.00 → CN¥128.00 (recorded in the audit log).`);
    expect((await app.core.catalog.getProduct(sku)).priceMinor).toBe(12_800);
    const entries = await db().find(AuditEntry, { entityType: 'product', entityId: sku });
    expect(entries.map((entry) => [entry.action, entry.actorId, entry.before, entry.after])).toEqual([['product.price_changed', manager, { priceMinor: 10_000 }, { priceMinor: 12_800 }]]);
    expect((await slack.command(manager, '/price', 'NO-SUCH-SKU 1.00')).body.text).toBe('No product NO-SUCH-SKU');
  });

  it('/product creates a product from a modal and changes it later, audited field by field', async () => {
    const sku = `SLK-${process.pid}`;
    expect((await slack.command(agent, '/product', sku)).body.text).toBe('Sorry, your role (agent) cannot do this.');
    expect((await slack.command(manager, '/product', sku)).status).toBe(200);
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes('product_modal') && JSON.stringify(call.params.view).includes(sku)));
    const bad = await slack.submitView(manager, 'product_modal', form({ name: 'Gaiwan', price: 'cheap' }, ['active']), sku);
    expect(bad.body).toEqual({ response_action: 'errors', errors: { price: 'Enter a price such as 128.00.' } });
    expect((await slack.submitView(manager, 'product_modal', form({ name: 'Gaiwan', nameZh: '盖碗', price: '88.00', category: 'teaware' }, ['active', 'backorder']), sku)).status).toBe(200);
    await eventually('created', () => dmsTo(manager).includes(`Product ${sku} Gaiwan created.`));
    expect(await app.core.catalog.getProduct(sku)).toMatchObject({ name: 'Gaiwan', nameZh: '盖碗', priceMinor: 8800, category: 'teaware', active: true, allowBackorder: true, currency: 'CNY' });

    await slack.submitView(manager, 'product_modal', form({ name: 'Gaiwan', nameZh: '盖碗', price: '98.00', category: 'teaware' }, ['active']), sku);
    await eventually('saved', () => dmsTo(manager).some((text) => text.startsWith(`Product ${sku} Gaiwan saved`)));
    const [entry] = await db().find(AuditEntry, { entityType: 'product', entityId: sku });
    expect([entry!.action, entry!.before, entry!.after]).toEqual(['product.price_changed', { priceMinor: 8800, allowBackorder: true }, { priceMinor: 9800, allowBackorder: false }]);
  });

  it('/faq lists the chat\'s answers and writes one from a modal (managers only, audited); the chat answers with it in both languages', async () => {
    expect((await slack.command(agent, '/faq', '')).body.text).toBe('Sorry, your role (agent) cannot do this.');
    const list = (await slack.command(manager, '/faq', '')).body.text as string;
    expect(list).toContain('`shipping` How long does delivery take');
    expect((await slack.command(manager, '/faq', 'Hong Kong!')).body.text).toBe(t('en', 'slack.faq.usage'));
    expect((await slack.command(manager, '/faq', 'hk-delivery')).status).toBe(200);
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes('faq_modal')));
    const missing = await slack.submitView(manager, 'faq_modal', form({ question: 'Do you deliver to Hong Kong?' }, ['active']), 'hk-delivery');
    expect(missing.body).toEqual({ response_action: 'errors', errors: { answer: t('en', 'slack.error.required') } });
    const answer = 'Yes: Hong Kong takes 3–5 days and costs {fee}.';
    expect((await slack.submitView(manager, 'faq_modal', form({
      question: 'Do you deliver to Hong Kong?', questionZh: '能寄到香港吗？', answer, answerZh: '可以：寄香港 3–5 天，运费 {fee}。', keywords: 'hong kong, hongkong, 香港',
    }, ['active']), 'hk-delivery')).status).toBe(200);
    await eventually('saved', () => dmsTo(manager).includes(t('en', 'slack.faq.saved', { topic: 'hk-delivery' })));
    const [entry] = await db().find(AuditEntry, { entityType: 'faq', entityId: 'hk-delivery' });
    expect([entry!.action, entry!.actorId, (entry!.after as { answer: string }).answer]).toEqual(['faq.created', manager, answer]);
    const asked = await app.chat.engine.handle({ channel: 'webchat', chatId: 'v_hk_en', updateKey: 'hk-en', input: { kind: 'text', text: 'can you send my tea to hong kong?' }, profile: { name: 'Visitor', languageCode: 'en' } });
    expect(asked![0]!.text).toMatch(/^Yes: Hong Kong takes 3–5 days and costs CN¥\d+\.\d\d\.$/);
    const zh = await app.chat.engine.handle({ channel: 'webchat', chatId: 'v_hk_zh', updateKey: 'hk-zh', input: { kind: 'text', text: '寄到香港要多久' }, profile: { name: '访客', languageCode: 'zh-CN' } });
    expect(zh![0]!.text).toMatch(/^可以：寄香港 3–5 天，运费 ¥\d+\.\d\d。$/);
  });

  it('/adjust corrects stock for managers only, with the reason in the audit log, never below what orders reserved', async () => {
    const { sku } = await productWithStock(app.orm, 5, { name: 'Tins' });
    await chatOrder(office.core, { sku, chatId: String((chat += 1)), quantity: 3 });
    expect((await slack.command(agent, '/adjust', `${sku} -2 dented`)).body.text).toBe('Sorry, your role (agent) cannot do this.');
    expect((await slack.command(manager, '/adjust', `${sku} -2`)).body.text).toContain('Write `/adjust SKU +n|-n reason`');
    expect((await slack.command(manager, '/adjust', `${sku} -2 two tins dented`)).body.text).toBe(`${sku} -2 at MAIN: 3 on hand now (recorded in the audit log with your reason).`);
    expect((await slack.command(manager, '/adjust', `${sku} -1 lost`)).body.text).toBe(`Removing 1 of ${sku} would leave less on hand than is reserved for orders`);
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 3, reserved: 3, ledgerOnHand: 3 });
    const [entry] = await db().find(AuditEntry, { action: 'stock.adjusted', entityId: `MAIN/${sku}` });
    expect([entry!.actorId, entry!.before, entry!.after]).toEqual([manager, { onHand: 5 }, { onHand: 3, reason: 'two tins dented' }]);
  });

  it('/transfer sets stock aside at the sender and posts a card there: Shipped, then Received move it through the ledger', async () => {
    await app.core.inventory.createWarehouse({ code: 'SHX', name: 'Shanghai' }, admin);
    const { sku } = await productWithStock(app.orm, 10, { name: 'Kettles' });
    expect((await slack.command(agent, '/transfer', `MAIN SHX ${sku}`)).body.text).toContain('Write `/transfer FROM TO SKU quantity');
    expect((await slack.command(agent, '/transfer', `MAIN SHX ${sku} 99`)).body.text).toMatch(/^Not enough stock/);
    const made = await slack.command(agent, '/transfer', `main shx ${sku} 4`);
    const transfer = /TR-\d+/.exec(made.body.text)![0];
    expect(made.body.text).toBe(`Transfer ${transfer} posted in <#C_MAIN>.`);
    await eventually('the card', () => office.slack.posted.some((post) => post.channel === 'C_MAIN' && post.text.startsWith(`🚚 Transfer ${transfer}`)));
    const card = office.slack.posted.find((post) => post.channel === 'C_MAIN' && post.text.startsWith(`🚚 Transfer ${transfer}`))!;
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 10, reserved: 4 });
    await slack.click(agent, 'transfer_ship', transfer, card);
    await eventually('shipped', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === card.ts && call.params.text === `🚚 ${transfer} shipped by Zhou Qiang`));
    const shippedCard = { ...card, blocks: office.slack.callsTo('chat.update').find((call) => call.params.ts === card.ts)!.params.blocks };
    await slack.click(agent, 'transfer_receive', transfer, shippedCard);
    await eventually('received', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === card.ts && call.params.text === `📦 ${transfer} received by Zhou Qiang`));
    const levels = await db().getConnection().execute<Array<{ code: string; on_hand: number; reserved: number }>>(
      'select w.code, s.on_hand, s.reserved from stock_level s join warehouse w on w.id = s.warehouse_id join product p on p.id = s.product_id where p.sku = ? order by w.code', [sku]);
    expect(levels).toEqual([{ code: 'MAIN', on_hand: 6, reserved: 0 }, { code: 'SHX', on_hand: 4, reserved: 0 }]);
  });

  it('a likely duplicate order waits for a person with its flag on the card: Approve confirms it once, Reject releases its stock', async () => {
    const { sku } = await productWithStock(app.orm, 10, { name: 'Green tea', priceMinor: 1000 });
    const chatId = String((chat += 1));
    const first = await chatOrder(office.core, { sku, chatId, quantity: 1 });
    const second = await chatOrder(office.core, { sku, chatId, quantity: 1 });
    const third = await chatOrder(office.core, { sku, chatId, quantity: 1 });
    expect([first.order.status, second.order.status, third.order.status]).toEqual(['confirmed', 'pending_approval', 'pending_approval']);
    expect(second.order.approvalReasons).toEqual(['possible_duplicate']);
    await eventually('the cards', () => [second, third].every(({ order }) => office.slack.posted.some((post) => post.channel === 'C_APPROVALS' && post.text.includes(order.number))));
    const card = (numberOf: string) => office.slack.posted.find((post) => post.channel === 'C_APPROVALS' && post.text.includes(numberOf))!;
    expect(card(second.order.number).text).toContain(`needs approval: possible duplicate.`);

    await slack.click(manager, 'order_approve', second.order.number, card(second.order.number));
    await slack.click(manager, 'order_approve', second.order.number, card(second.order.number));
    await eventually('confirmed', async () => (await db().findOneOrFail(Order, { number: second.order.number })).status === 'confirmed');
    await eventually('the second click refused', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === manager && String(call.params.text).includes(second.order.number)));
    const approvals = await db().find(AuditEntry, { entityId: second.order.number, action: 'order.confirmed' });
    expect(approvals).toHaveLength(1);

    // Contact customer: the message reaches their chat through a ticket about the order.
    expect(JSON.stringify(card(third.order.number).blocks)).toContain('"action_id":"order_contact"');
    await slack.click(agent, 'order_contact', third.order.number, card(third.order.number));
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes('order_contact_modal')));
    const metadata = JSON.stringify({ order: third.order.number });
    expect((await slack.submitView(agent, 'order_contact_modal', { reason: modalText('Did you mean to order twice?') }, metadata)).status).toBe(200);
    await eventually('the customer asked', () => office.telegram.messagesTo(chatId).some((text) => text.includes('Did you mean to order twice?')));
    await eventually('the agent told', () => dmsTo(agent).some((text) => text.startsWith(`Sent to the customer of ${third.order.number}; their answer arrives in ticket T-`)));

    await app.core.orders.rejectOrder(third.order.number, { type: 'staff', id: manager, role: 'manager' }, 'the same order twice');
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 2 });
  });

  it('pick, short pick, pack and ship from Slack: /pick posts the list to its warehouse\'s channel, the first claim wins, the scan page packs, the ops card decides, /ship ships', async () => {
    // Its own warehouse, so the list holds this order alone.
    await app.core.inventory.createWarehouse({ code: 'PICKW', name: 'Pick warehouse' }, admin);
    const { sku } = await productWithStock(app.orm, 0, { name: 'Zisha teapot', allowBackorder: true, weightGrams: 500 });
    await app.core.inventory.receiveStock({ warehouse: 'PICKW', lines: [{ sku, quantity: 3 }], reference: 'pick-test', actor: admin });
    const chatId = String((chat += 1));
    const { order } = await chatOrder(office.core, { sku, chatId, quantity: 3 });
    expect((await slack.command(agent, '/pick', 'NOWHERE')).body.text).toBe('Unknown warehouse NOWHERE');
    const made = await slack.command(agent, '/pick', 'PICKW');
    expect(made.body.text).toMatch(/^Pick list PL-\d+ posted in <#C_PICK>\.$/);
    await eventually('the list in the warehouse channel', () => office.slack.posted.some((post) => post.channel === 'C_PICK' && post.text.startsWith('🧺 Pick list')));
    const card = office.slack.posted.find((post) => post.channel === 'C_PICK' && post.text.startsWith('🧺 Pick list'))!;
    expect(card.text).toMatch(/^🧺 Pick list PL-\d+ at PICKW: 1 orders, 3 units\.$/);
    const list = /PL-\d+/.exec(card.text)![0];
    expect((await slack.command(agent, '/pick', 'PICKW')).body.text).toBe('No confirmed orders to pick at PICKW.');

    await slack.click(agent, 'pick_claim', list, card);
    await eventually('claimed', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === card.ts && call.params.text === `✋ ${list} claimed by Zhou Qiang.`));
    await slack.click(manager, 'pick_claim', list, card);
    await eventually('the second claim refused', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === manager && call.params.text === `Pick list ${list} is claimed by staff:${agent}`));

    // The scan page from the card's link: two found, one missing.
    const printUrl = /"url":"([^"]+)"/.exec(JSON.stringify(card.blocks))![1]!.replace(/^https?:\/\/[^/]+/, app.url);
    const page = new URL(printUrl);
    const scanned = await request(`${app.url}${page.pathname.replace(/print$/, 'scan')}${page.search}`, { body: { barcode: sku, quantity: 2 } });
    expect(scanned.status).toBe(200);
    const short = await request(`${app.url}${page.pathname.replace(/print$/, 'short')}${page.search}`, { body: { sku, missing: 1 } });
    expect(short.status).toBe(200);
    await eventually('the short-pick card', () => office.slack.posted.some((post) => post.channel === 'C_OPS' && post.text.includes(list)));
    const decision = office.slack.posted.find((post) => post.channel === 'C_OPS' && post.text.includes(list))!;
    await slack.click(supervisor, 'short_backorder', JSON.stringify({ l: list, o: order.number, s: sku }), decision);
    await eventually('packed', async () => (await db().findOneOrFail(Order, { number: order.number })).status === 'packed');

    const shipped = await slack.command(agent, '/ship', order.number);
    expect(shipped.body.text).toMatch(new RegExp(`^Order ${order.number} shipped with SIM standard, tracking number \\S+\\. Why: Simulated Express standard: cheapest`));
    expect((await db().findOneOrFail(Order, { number: order.number })).status).toBe('partially_shipped');
    await eventually('parcel 1 told', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`🚚 Order ${order.number}, parcel 1 is on its way`)));
  });

  it('App Home lists the member\'s queue: approvals waiting, open pick lists, counts to finish', async () => {
    const { sku } = await productWithStock(app.orm, 10, { name: 'Jasmine', priceMinor: 1000 });
    const chatId = String((chat += 1));
    await chatOrder(office.core, { sku, chatId, quantity: 1 });
    const waiting = await chatOrder(office.core, { sku, chatId, quantity: 1 });
    const { order: toPick } = await chatOrder(office.core, { sku, chatId: String((chat += 1)), quantity: 2 });
    const list = await app.core.fulfilment.createPickList({ orders: [toPick.number], actor: admin });
    const count = await app.core.inventory.openCount({ skus: [sku], actor: admin });
    await slack.event({ type: 'app_home_opened', user: manager, channel: 'D0HOME', tab: 'home' });
    await eventually('the home view', () => office.slack.callsTo('views.publish').some((call) => call.params.user_id === manager && JSON.stringify(call.params.view).includes(list.pickList.number)));
    const home = JSON.stringify(office.slack.callsTo('views.publish').filter((call) => call.params.user_id === manager).at(-1)!.params.view);
    expect(home).toContain(waiting.order.number);
    expect(home).toContain(`${list.pickList.number} at MAIN: 1 orders, 0 of 2 units scanned`);
    expect(home).toContain(`Count ${count.id} at MAIN: 0 of 1 lines counted`);
  });
});

describe('REST stays the same door', () => {
  it('the order API answers for the duplicate hold too', async () => {
    const { sku } = await productWithStock(app.orm, 5);
    const auth = { authorization: `Bearer ${await app.apiKey()}` };
    const body = { customer: { name: 'Li', externalId: `bo-${process.pid}` }, lines: [{ sku, quantity: 1 }], shippingAddress: { line1: '1 Road', city: 'Shanghai', country: 'CN' }, paymentMethod: 'cash_on_delivery' };
    await request(`${app.url}/api/v1/orders`, { body, headers: { ...auth, 'Idempotency-Key': `bo-1-${process.pid}` } });
    const second = await request(`${app.url}/api/v1/orders`, { body, headers: { ...auth, 'Idempotency-Key': `bo-2-${process.pid}` } });
    expect(second.body).toMatchObject({ status: 'pending_approval', flags: ['possible_duplicate'] });
  });
});
