import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { Payment } from '../../core/payments/index.ts';
import { customerActor, systemActor, type Actor } from '../../core/shared/actor.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { stockOf } from '../support/inspect.ts';
import { SlackRequests } from '../support/slack-signer.ts';
import { TelegramCustomer } from '../support/telegram-customer.ts';
import { FakeStripeApi } from '../fakes/stripe-api.ts';
import { closeAfterAll } from '../support/context.ts';

const secret = 'webhook-secret-for-payments';
const stripe = new FakeStripeApi();
let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let chat = 9_100_000;
const staff: Actor = { type: 'staff', id: 'U0PAYAGENT', role: 'agent' };
const finance: Actor = { type: 'staff', id: 'U0FINANCE', role: 'finance' };

beforeAll(async () => {
  await stripe.start();
  closeAfterAll(() => stripe.stop());
  const payments = { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url, DEFAULT_LOCALE: 'en', PAYMENT_EXPIRY_MINUTES: '0.05' };
  // The scheduled sweep stays out of the way: the tests run it when they mean to.
  office = await startTestBackOffice({ ...payments, PAYMENT_SWEEP_SECONDS: '3600' });
  app = await startTestApp({
    env: {
      ...payments, TELEGRAM_BOT_TOKEN: office.telegram.token, TELEGRAM_API_ROOT: office.config.TELEGRAM_API_ROOT, TELEGRAM_WEBHOOK_SECRET: secret,
      SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'payments-secret', SLACK_API_URL: office.config.SLACK_API_URL,
    },
  });
  slack = new SlackRequests(`${app.url}/slack/events`, 'payments-secret');
  await app.core.staff.addStaff({ slackUserId: 'U0FINANCE', name: 'Qian Duo', role: 'finance' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: 'U0PAYAGENT', name: 'Zhang San', role: 'agent' }, systemActor);
  await app.core.logistics.saveCarrier({
    code: 'SIM', name: 'Simulated Express', nameZh: '模拟快递', webhookSecret: 'carrier-secret-0123456789',
    services: [{ code: 'standard', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, codFeeMinor: 200, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1200 }] }],
  }, { type: 'staff', id: 'U0ADMIN', role: 'admin' });
});

const buyer = () => new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: office.telegram, chatId: (chat += 1), languageCode: 'en' });

async function webhook(body: string, signature?: string) {
  return request(`${app.url}/payments/stripe/webhook`, { rawBody: body, headers: { 'content-type': 'application/json', ...(signature && { 'stripe-signature': signature }) } });
}

/** An order of `quantity` units placed by a chat customer, paid by `method`. */
async function placed(method: 'online' | 'bank_transfer' | 'cash_on_delivery', quantity = 1, priceMinor = 10_000) {
  const { sku } = await productWithStock(app.orm, 10, { priceMinor });
  const chatId = String((chat += 1));
  const customer = await app.core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: 'Payer', locale: 'en' });
  const { order } = await app.core.orders.placeOrder({
    channel: 'telegram', identity: { channel: 'telegram', externalId: chatId }, contact: { name: 'Payer', locale: 'en' },
    lines: [{ sku, quantity }], shippingAddress: shanghai, paymentMethod: method, actor: customerActor(customer.id),
  });
  return { order, sku, chatId, actor: customerActor(customer.id) };
}

const paymentsOf = (number: string) => app.orm.em.fork().find(Payment, { order: { number } }, { orderBy: { id: 'asc' } });
const orderOf = (number: string) => app.orm.em.fork().findOneOrFail(Order, { number });

describe('online payment (Stripe Checkout against a fake that speaks its API)', () => {
  it('a Telegram customer paying online gets the payment link; the signed webhook marks the order paid once, however often it comes; a bad signature changes nothing', async () => {
    const customer = buyer();
    await productWithStock(app.orm, 10, { name: 'Pu-erh cake', priceMinor: 25_000, category: 'puer' });
    await customer.send('/start');
    await customer.press(/Products/);
    await customer.press(/^puer/);
    await customer.press(/Pu-erh cake/);
    await customer.press(/Add to cart/);
    await customer.press(/Check out/);
    await customer.send('88 Huaihai Road, Shanghai, 200031');
    await customer.send('13800138000');
    const offered = office.telegram.screensOf(customer.chatId).at(-1)!.buttons.map((button) => button.text);
    expect(offered).toEqual(['Cash on delivery', 'Online payment (card)', '✖ Cancel checkout']);
    await customer.press(/Online payment/);
    await customer.press(/Confirm order/);
    const number = /Order (SO-\d{8}-\d{6}) is placed/.exec(customer.texts().at(-2)!)![1]!;
    const [session] = stripe.sessions().filter((each) => each.client_reference_id === number);
    expect(session).toMatchObject({ amount_total: 25_000, currency: 'cny', metadata: { orderNumber: number } });
    expect(customer.lastText()).toContain(`Pay CN¥250.00 for order ${number} on this secure page: ${session!.url}`);
    expect((await orderOf(number)).paymentStatus).toBe('pending');
    // Asking again gives the same page, not a second session.
    await customer.send(`/pay ${number}`);
    expect(customer.lastText()).toContain(session!.url);
    expect(stripe.sessions().filter((each) => each.client_reference_id === number)).toHaveLength(1);

    const delivery = stripe.signedDelivery(stripe.pay(session!.id));
    expect((await webhook(delivery.body)).status).toBe(400);
    expect((await webhook(delivery.body.replace('"amount_total":25000', '"amount_total":1'), delivery.signature)).status).toBe(400);
    expect((await webhook(delivery.body, 't=1,v1=deadbeef')).status).toBe(400);
    expect(await paymentsOf(number)).toEqual([]);

    for (let i = 0; i < 3; i += 1) expect((await webhook(delivery.body, delivery.signature)).status).toBe(200);
    const rows = await paymentsOf(number);
    expect(rows.map((row) => [row.kind, row.state, row.amountMinor, row.provider])).toEqual([['payment', 'succeeded', 25_000, 'stripe']]);
    expect((await orderOf(number)).paymentStatus).toBe('paid');
    await eventually('the customer told', () => customer.texts().some((text) => text.startsWith(`💳 Payment of CN¥250.00 for order ${number} received`)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(customer.texts().filter((text) => text.includes(`for order ${number} received`))).toHaveLength(1);
  });

  it('an unpaid online order expires: cancelled once, its stock released, the customer told once, even when two workers sweep at once', async () => {
    const { order, sku, chatId, actor } = await placed('online', 2);
    await app.core.payments.startOnlinePayment(order.number, actor);
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 10, reserved: 2 });
    await new Promise((resolve) => setTimeout(resolve, 3500));
    // Two sweeps at once, as two workers (or a worker and its restart) would run them.
    await Promise.all([app.core.payments.sweep(), office.core.payments.sweep()]);
    await app.core.payments.sweep();
    expect((await orderOf(order.number)).status).toBe('cancelled');
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 10, reserved: 0, ledgerOnHand: 10, ledgerReserved: 0 });
    const [cancellations] = await app.orm.em.fork().getConnection().execute<Array<{ n: string }>>(`select count(*) as n from audit_entry where entity_id = ? and action = 'order.cancelled'`, [order.number]);
    expect(Number(cancellations?.n)).toBe(1);
    await eventually('the customer told', () => office.telegram.messagesTo(chatId).some((text) => text.includes(`Order ${order.number} was cancelled because it was not paid in time`)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(office.telegram.messagesTo(chatId).filter((text) => text.includes('not paid in time'))).toHaveLength(1);

    // Paid after all (the page was still open): the money is recorded and refunded through Stripe.
    const [session] = stripe.sessions().filter((each) => each.client_reference_id === order.number);
    const late = stripe.signedDelivery(stripe.pay(session!.id));
    expect((await webhook(late.body, late.signature)).status).toBe(200);
    await app.core.payments.sweep();
    expect((await paymentsOf(order.number)).map((row) => [row.kind, row.state])).toEqual([['payment', 'succeeded'], ['refund', 'succeeded']]);
    expect((await orderOf(order.number)).paymentStatus).toBe('refunded');
  });
});

describe('the payment reminder', () => {
  it('an unpaid online order is reminded once halfway, with its link, and expires at the end (clock moved by the test)', async () => {
    const clock = { current: new Date(), now() { return this.current; } };
    const timed = await startTestApp({ clock, env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url, PAYMENT_EXPIRY_MINUTES: '60' } });
    const { sku } = await productWithStock(timed.orm, 5, { priceMinor: 9900 });
    const customer = await timed.core.customers.resolve({ channel: 'telegram', externalId: 'reminded-1' }, { name: 'Slow payer', locale: 'en' });
    const { order } = await timed.core.orders.placeOrder({
      channel: 'telegram', identity: { channel: 'telegram', externalId: 'reminded-1' }, contact: { name: 'Slow payer', locale: 'en' },
      lines: [{ sku, quantity: 1 }], shippingAddress: shanghai, paymentMethod: 'online', actor: customerActor(customer.id),
    });
    const page = await timed.core.payments.startOnlinePayment(order.number, customerActor(customer.id));
    const at = (minutes: number) => { clock.current = new Date(Date.parse(order.placedAt) + minutes * 60_000); };
    at(29);
    expect(await timed.core.payments.sweep()).toMatchObject({ reminded: [], expired: [] });
    at(31);
    expect(await timed.core.payments.sweep()).toMatchObject({ reminded: [order.number], expired: [] });
    at(45);
    expect(await timed.core.payments.sweep()).toMatchObject({ reminded: [], expired: [] });
    const reminders = await timed.orm.em.fork().getConnection().execute<Array<{ payload: { url: string } }>>(`select payload from outbox_event where topic = 'payment.reminder' and aggregate_id = ?`, [order.number]);
    expect(reminders.map((row) => row.payload.url)).toEqual([page.url]);
    at(61);
    expect(await timed.core.payments.sweep()).toMatchObject({ reminded: [], expired: [order.number] });
    expect((await timed.orm.em.fork().findOneOrFail(Order, { number: order.number })).statusReason).toBe('payment_expired');
  });
});

describe('bank transfer and cash on delivery, reconciled by finance in Slack', () => {
  it('a transfer received in two parts: a non-finance click is refused, the order is paid only when the sum reaches the total', async () => {
    const { order } = await placed('bank_transfer', 2, 10_000);
    expect(order.totalMinor).toBe(20_000);
    expect((await slack.command('U0PAYAGENT', '/paid', `${order.number} 100.00 ICBC-1`)).body.text).toBe('Sorry, your role (agent) cannot do this.');
    expect(await paymentsOf(order.number)).toEqual([]);

    expect((await slack.command('U0FINANCE', '/paid', `${order.number} 120.00 ICBC-1`)).body.text).toBe(`Order ${order.number}: partially paid. Paid CN¥120.00 of CN¥200.00; due CN¥80.00; refunds owed CN¥0.00; cash at the carrier CN¥0.00.`);
    expect((await orderOf(order.number)).paymentStatus).toBe('partially_paid');
    expect((await slack.command('U0FINANCE', '/paid', `${order.number} 120.00 ICBC-1`)).body.text).toBe('A transfer with reference ICBC-1 is recorded already.');
    expect((await slack.command('U0FINANCE', '/paid', `${order.number} 90.00 ICBC-2`)).body.text).toBe(`That is more than order ${order.number} still owes (CN¥80.00).`);
    expect((await slack.command('U0FINANCE', '/paid', `${order.number} 80 ICBC-2`)).body.text).toContain(`Order ${order.number}: paid. Paid CN¥200.00 of CN¥200.00`);
    expect((await orderOf(order.number)).paymentStatus).toBe('paid');
    expect((await paymentsOf(order.number)).map((row) => [row.amountMinor, row.reference, row.recordedBy])).toEqual([[12_000, 'ICBC-1', 'staff:U0FINANCE'], [8000, 'ICBC-2', 'staff:U0FINANCE']]);
  });

  it('cash on delivery: the carrier\'s "delivered" records the cash; the digest shows it outstanding until finance confirms the hand-over', async () => {
    const { order } = await placed('cash_on_delivery', 1, 15_000);
    for (const to of ['picking', 'packed'] as const) await app.core.orders.changeStatus({ number: order.number, to, actor: staff });
    const shipment = await app.core.logistics.shipOrder(order.number, staff);
    await app.core.logistics.applyCarrierEvents('SIM', [{ id: `${order.number}-d`, trackingNumber: shipment.trackingNumber, status: 'delivered', occurredAt: new Date() }]);
    expect((await paymentsOf(order.number)).map((row) => [row.method, row.state, row.amountMinor, row.provider])).toEqual([['cash_on_delivery', 'collected', order.totalMinor, 'SIM']]);
    expect((await orderOf(order.number)).paymentStatus).toBe('paid');

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const before = await app.core.analytics.dailyReport(today, finance);
    expect(before.codOutstanding).toContainEqual({ carrier: 'SIM', currency: 'CNY', totalMinor: expect.any(Number), orders: expect.any(Number) });
    const cod = before.codOutstanding.find((row) => row.carrier === 'SIM')!;
    expect(cod.totalMinor).toBeGreaterThanOrEqual(order.totalMinor);
    expect((await slack.command('U0FINANCE', '/paid', `${order.number} cod`)).body.text).toContain('cash at the carrier CN¥0.00');
    const after = await app.core.analytics.dailyReport(today, finance);
    expect(after.codOutstanding.find((row) => row.carrier === 'SIM')?.totalMinor ?? 0).toBe(cod.totalMinor - order.totalMinor);
    expect(after.paidRevenue.find((row) => row.currency === 'CNY')!.totalMinor).toBeGreaterThanOrEqual(order.totalMinor);
  });
});

describe('refunds', () => {
  it('a return of an order paid online refunds through Stripe once, however often the sweep runs or crashes; a refund above what was paid is 422', async () => {
    const { order, chatId, actor } = await placed('online', 1, 30_000);
    const page = await app.core.payments.startOnlinePayment(order.number, actor);
    const paid = stripe.signedDelivery(stripe.pay(page.sessionId));
    expect((await webhook(paid.body, paid.signature)).status).toBe(200);
    for (const to of ['picking', 'packed', 'shipped', 'delivered'] as const) await app.core.orders.changeStatus({ number: order.number, to, actor: systemActor });

    const key = await app.apiKey(['payments:write']);
    const tooMuch = await request(`${app.url}/api/v1/orders/${order.number}/refunds`, { body: { amountMinor: 30_001, reason: 'test' }, headers: { authorization: `Bearer ${key}` } });
    expect([tooMuch.status, tooMuch.body.error.code, tooMuch.body.error.details.refundableMinor]).toEqual([422, 'refund_exceeds_paid', 30_000]);

    const reply = await app.chat.engine.handle({ channel: 'telegram', chatId, updateKey: `pay-return-${order.number}`, input: { kind: 'text', text: `/return ${order.number} too bitter` }, profile: { name: 'Payer', languageCode: 'en' } });
    const rma = /Return (RMA-\d{6})/.exec(reply![0]!.text)![1]!;
    await app.core.support.decideReturn(rma, true, { type: 'staff', id: 'U0MANAGER', role: 'manager' });
    await app.core.support.receiveReturn(rma, 'restock', staff);

    await Promise.all([app.core.payments.sweep(), office.core.payments.sweep()]);
    await app.core.payments.sweep();
    const refundsOf = () => stripe.refunds().filter((refund) => refund.metadata.orderNumber === order.number);
    expect(refundsOf().map((refund) => refund.amount)).toEqual([30_000]);
    // A crash after Stripe refunded and before we committed: the row is pending again, the next sweep sends it again.
    await app.orm.em.fork().getConnection().execute(`update payment set state = 'pending', settled_at = null where kind = 'refund' and order_id = (select id from "order" where number = ?)`, [order.number]);
    await app.core.payments.sweep();
    expect(refundsOf()).toHaveLength(1);
    expect((await paymentsOf(order.number)).map((row) => [row.kind, row.state, row.amountMinor])).toEqual([['payment', 'succeeded', 30_000], ['refund', 'succeeded', 30_000]]);
    expect((await orderOf(order.number)).paymentStatus).toBe('refunded');
    expect((await app.core.support.getReturn(rma, staff)).refundStatus).toBe('refunded');
    await eventually('the customer told', () => office.telegram.messagesTo(chatId).some((text) => text.includes(`A refund of CN¥300.00 for order ${order.number}`)));
  });
});

describe('what the chat offers', () => {
  it('without a provider or a bank account only cash on delivery is offered, and the FAQ says so in both languages', async () => {
    const bare = await startTestApp({ env: { DEFAULT_LOCALE: 'en' } });
    expect(bare.core.payments.availableMethods()).toEqual(['cash_on_delivery']);
    const en = await bare.chat.engine.handle({ channel: 'webchat', chatId: 'v_faq_en', updateKey: 'faq-en-text', input: { kind: 'text', text: 'how can I pay' }, profile: { name: 'Visitor', languageCode: 'en' } });
    expect(en![0]!.text).toBe('You can pay: Cash on delivery. You choose when you check out.');
    const zh = await bare.chat.engine.handle({ channel: 'webchat', chatId: 'v_faq_zh', updateKey: 'faq-zh-text', input: { kind: 'text', text: '怎么付款' }, profile: { name: '访客', languageCode: 'zh-CN' } });
    expect(zh![0]!.text).toBe('支持以下付款方式：货到付款。结算时选择即可。');

    const shop = await startTestApp({ env: { DEFAULT_LOCALE: 'en', BANK_TRANSFER_DETAILS: 'Tea Shop Ltd, ICBC 6222 0000 1111' } });
    expect(shop.core.payments.availableMethods()).toEqual(['cash_on_delivery', 'bank_transfer']);
    expect(app.core.payments.availableMethods()).toEqual(['cash_on_delivery', 'card', 'online']);
    const full = await app.chat.engine.handle({ channel: 'webchat', chatId: 'v_faq_full', updateKey: 'faq-full', input: { kind: 'text', text: 'how can I pay' }, profile: { name: 'Visitor', languageCode: 'en' } });
    expect(full![0]!.text).toBe('You can pay: Cash on delivery, Online payment (card). You choose when you check out.\nOnline payment takes cards on a secure payment page; an order paid online is kept for 0.05 minutes, then cancelled if unpaid.');
  });
});
