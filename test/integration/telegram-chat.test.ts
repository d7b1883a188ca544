import { beforeAll, describe, expect, it } from 'vitest';
import { Order, OrderLine } from '../../core/orders/index.ts';
import { ProcessedUpdate } from '../../core/messaging/index.ts';
import { CustomerIdentity } from '../../core/customers/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { TelegramCustomer } from '../support/telegram-customer.ts';
import { stockOf } from '../support/inspect.ts';

const secret = 'webhook-secret-for-tests';
let office: TestBackOffice;
let app: TestApp;
let tea: { sku: string };
let cups: { sku: string };
let chat = 8_000_000;

const env = () => ({ TELEGRAM_BOT_TOKEN: office.telegram.token, TELEGRAM_API_ROOT: office.config.TELEGRAM_API_ROOT, TELEGRAM_WEBHOOK_SECRET: secret });
const customer = (target: TestApp = app, languageCode = 'en') =>
  new TelegramCustomer({ webhookUrl: `${target.url}/telegram/webhook`, secret, fake: office.telegram, chatId: (chat += 1), languageCode });

beforeAll(async () => {
  office = await startTestBackOffice();
  app = await startTestApp({ env: env() });
  tea = await productWithStock(app.orm, 50, { name: 'Longjing tea', nameZh: '龙井茶', priceMinor: 16800, category: 'tea' });
  cups = await productWithStock(app.orm, 50, { name: 'Tea cups', nameZh: '茶杯', priceMinor: 9900, category: 'teaware' });
});

/** From /start to the review screen with one Longjing tea and one pair of cups. */
async function shopUntilReview(buyer: TelegramCustomer): Promise<void> {
  expect(await buyer.send('/start')).toBe(200);
  expect(buyer.lastText()).toContain('Hello Wang!');
  await buyer.press(/Products/);
  await buyer.press(/^tea \(/);
  await buyer.press(/Longjing tea/);
  expect(buyer.lastText()).toContain('Price: CN¥168.00');
  await buyer.press(/Add to cart/);
  expect(buyer.lastText()).toBe('Added Longjing tea to your cart (1 in cart).');
  await buyer.press(/Products/);
  await buyer.press(/^teaware/);
  await buyer.press(/Tea cups/);
  await buyer.press(/Add to cart/);
  await buyer.press(/Check out/);
  expect(buyer.lastText()).toContain('Please write the delivery address');
  await buyer.send('88 Huaihai Road, Shanghai, 200031');
  expect(buyer.lastText()).toContain('Which phone number');
  await buyer.send('138 0013 8000');
  await buyer.press(/Cash on delivery/);
  expect(buyer.lastText()).toBe([
    'Please check your order:', 'Longjing tea × 1: CN¥168.00', 'Tea cups × 1: CN¥99.00', 'Delivery: CN¥0.00', 'Total: CN¥267.00',
    'Address: 88 Huaihai Road, Shanghai, 200031', 'Phone: 13800138000', 'Payment: Cash on delivery',
  ].join('\n'));
}

async function ordersOf(chatId: number): Promise<Order[]> {
  const identity = await app.orm.em.fork().findOneOrFail(CustomerIdentity, { channel: 'telegram', externalId: String(chatId) });
  return app.orm.em.fork().find(Order, { customer: identity.customer.id });
}

describe('Telegram customer chat (webhook, real telegraf against the fake Bot API)', () => {
  it('a new user browses, adds two products, checks out, gets the confirmation, tracks and cancels', async () => {
    const buyer = customer();
    await shopUntilReview(buyer);
    await buyer.press(/Confirm order/);
    const placed = /Order (SO-\d{8}-\d{6}) is placed/.exec(buyer.lastText());
    expect(placed).not.toBeNull();
    const number = placed![1]!;

    const order = await app.orm.em.fork().findOneOrFail(Order, { number });
    expect([order.channel, order.status, order.totalMinor, order.paymentMethod]).toEqual(['telegram', 'confirmed', 26_700, 'cash_on_delivery']);
    expect(order.shippingAddress).toEqual({ line1: '88 Huaihai Road', city: 'Shanghai', postalCode: '200031', country: 'CN' });
    const lines = await app.orm.em.fork().find(OrderLine, { order }, { orderBy: { id: 'asc' } });
    expect(lines.map((line) => [line.sku, line.quantity, line.lineTotalMinor])).toEqual([[tea.sku, 1, 16_800], [cups.sku, 1, 9_900]]);
    await eventually('the confirmation', () => buyer.texts().some((text) => text.startsWith(`✅ Order ${number} is confirmed`)));

    await buyer.send(`/track ${number}`);
    expect(buyer.lastText()).toContain(`Order ${number}: confirmed`);
    expect(buyer.lastText()).toContain('History:');

    expect(await stockOf(app.orm, tea.sku)).toMatchObject({ reserved: 1 });
    await buyer.send(`/cancel ${number}`);
    expect(buyer.lastText()).toBe(`Do you really want to cancel order ${number}?`);
    await buyer.press(/Yes, cancel/);
    expect((await app.orm.em.fork().findOneOrFail(Order, { number })).status).toBe('cancelled');
    expect(await stockOf(app.orm, tea.sku)).toMatchObject({ reserved: 0 });
    await eventually('the cancellation notice', () => buyer.texts().some((text) => text.startsWith(`Order ${number} is cancelled`)));
  });

  it('the same confirming update delivered twice makes one order', async () => {
    const buyer = customer();
    await shopUntilReview(buyer);
    const confirmUpdate = buyer.callbackUpdate(buyer.buttonData(/Confirm order/));
    const statuses = await Promise.all([buyer.post(confirmUpdate), buyer.post(confirmUpdate)]);
    expect(statuses).toEqual([200, 200]);
    await buyer.post(confirmUpdate);
    expect(await ordersOf(buyer.chatId)).toHaveLength(1);
    expect(buyer.texts().filter((text) => /is placed/.test(text))).toHaveLength(1);
  });

  it('a restart between review and confirm: confirming on the new process still places the order', async () => {
    const first = await startTestApp({ env: env() });
    const buyer = customer(first);
    await shopUntilReview(buyer);
    const confirmData = buyer.buttonData(/Confirm order/);
    await first.stop();

    const second = await startTestApp({ env: env() });
    const sameBuyer = new TelegramCustomer({ webhookUrl: `${second.url}/telegram/webhook`, secret, fake: office.telegram, chatId: buyer.chatId, languageCode: 'en' });
    expect(await sameBuyer.post(sameBuyer.callbackUpdate(confirmData))).toBe(200);
    expect(sameBuyer.lastText()).toMatch(/Order SO-\d{8}-\d{6} is placed/);
    expect(await ordersOf(buyer.chatId)).toHaveLength(1);
  });

  it('a webhook call with a wrong or missing secret token is refused and nothing is processed', async () => {
    const buyer = customer();
    const before = await app.orm.em.fork().count(ProcessedUpdate, {});
    expect(await buyer.post(buyer.messageUpdate('/start'), 'wrong-secret')).toBe(401);
    expect(await buyer.post(buyer.messageUpdate('/start'), null)).toBe(401);
    expect(await app.orm.em.fork().count(ProcessedUpdate, {})).toBe(before);
    expect(buyer.texts()).toEqual([]);
    expect(await buyer.post({ not: 'an update' })).toBe(400);
  });
});
