import { beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bots/i18n/index.ts';
import { Order, OrderLine } from '../../core/orders/index.ts';
import { ProcessedUpdate } from '../../core/shared/handled-once.entity.ts';
import { Customer, CustomerIdentity } from '../../core/customers/index.ts';
import { Ticket } from '../../core/service/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { TelegramCustomer } from '../support/telegram-customer.ts';
import { stockOf } from '../support/inspect.ts';
import { startPrivateRedis } from '../support/redis-server.ts';

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
/** From a product's page: add it, check out to a Shanghai address paying cash on delivery, confirm; the order's number. */
async function addAndCheckOut(buyer: TelegramCustomer): Promise<string> {
  await buyer.press(/Add to cart/);
  await buyer.press(/Check out/);
  await buyer.send('88 Huaihai Road, Shanghai, 200031');
  await buyer.send('138 0013 8000');
  await buyer.press(/Cash on delivery/);
  await buyer.press(/Confirm order/);
  return /Order (SO-\d{8}-\d{6}) is placed/.exec(buyer.lastText())![1]!;
}

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
  expect(buyer.texts().at(-2)).toContain('Which phone number');
  expect(buyer.lastText()).toContain('tap the button below to share the number');
  await buyer.send('138 0013 8000');
  await buyer.press(/Cash on delivery/);
  expect(buyer.lastText()).toBe([
    'Please check your order:', 'Longjing tea × 1: CN¥168.00', 'Tea cups × 1: CN¥99.00', 'Delivery: CN¥0.00', 'Total: CN¥267.00',
    'Address: 88 Huaihai Road, Shanghai, 200031', 'Phone: 13800138000', 'Payment: Cash on delivery',
  ].join('\n'));
}

async function ordersOf(chatId: number): Promise<Order[]> {
  const identity = await app.orm.em.fork().findOne(CustomerIdentity, { channel: 'telegram', externalId: String(chatId) });
  return identity ? app.orm.em.fork().find(Order, { customer: identity.customer.id }) : [];
}

/** From /start to the checkout's phone step with one Longjing tea. */
async function untilPhone(buyer: TelegramCustomer): Promise<void> {
  await buyer.send('/start');
  await buyer.press(/Products/);
  await buyer.press(/^tea \(/);
  await buyer.press(/Longjing tea/);
  await buyer.press(/Add to cart/);
  await buyer.press(/Check out/);
  await buyer.send('88 Huaihai Road, Shanghai, 200031');
}

async function customerOf(chatId: number): Promise<Customer> {
  const identity = await app.orm.em.fork().findOneOrFail(CustomerIdentity, { channel: 'telegram', externalId: String(chatId) });
  return app.orm.em.fork().findOneOrFail(Customer, identity.customer.id);
}

describe('Telegram customer chat (webhook, real telegraf against the fake Bot API)', () => {
  it("the phone step offers Telegram's share-my-phone button; the customer's own number verifies them, a forwarded contact card is only a number", async () => {
    const buyer = customer();
    await untilPhone(buyer);
    const keyboard = office.telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === String(buyer.chatId)).at(-1)!.params.reply_markup;
    expect(keyboard).toEqual({ keyboard: [[{ text: '📱 Share my phone number', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true });
    expect(await buyer.shareContact('8613912345678')).toBe(200);
    expect(buyer.texts().slice(-2)).toEqual(['Thank you, your phone number 8613912345678 is verified.', 'How would you like to pay?']);
    expect((await customerOf(buyer.chatId)).phoneVerifiedAt).toBeInstanceOf(Date);

    const other = customer();
    await untilPhone(other);
    expect(await other.shareContact('8613900000000', 123)).toBe(200);
    expect(other.lastText()).toBe('How would you like to pay?');
    expect((await customerOf(other.chatId)).phoneVerifiedAt).toBeNull();
    await other.press(/Cash on delivery/);
    expect(other.lastText()).toContain('Phone: 8613900000000');
  });

  it('a price that changes between the review and Confirm is shown with the new total, and nothing is placed until the customer confirms it', async () => {
    const buyer = customer();
    await shopUntilReview(buyer);
    expect(buyer.lastText()).toContain('Total: CN¥267.00');
    const ordersBefore = await app.orm.em.fork().count(Order, {});
    await app.core.catalog.updateProduct(tea.sku, { priceMinor: 17_800 }, { type: 'staff', id: 'U0PRICER', role: 'manager' });
    await buyer.press(/Confirm order/);
    expect(buyer.lastText()).toContain(t('en', 'checkout.prices_changed'));
    expect(buyer.lastText()).toContain('Total: CN¥277.00');
    expect(await app.orm.em.fork().count(Order, {})).toBe(ordersBefore);
    // The Confirm of the first review is stale now: only the new one orders.
    await buyer.press(/Confirm order/);
    const number = /Order (SO-\d{8}-\d{6}) is placed/.exec(buyer.lastText())![1]!;
    const order = await app.orm.em.fork().findOneOrFail(Order, { number });
    expect([order.status, order.flags, order.totalMinor]).toEqual(['confirmed', [], 27_700]);
    // Put back as the other tests expect it: the price, and the reserved tea.
    await app.core.catalog.updateProduct(tea.sku, { priceMinor: 16_800 }, { type: 'staff', id: 'U0PRICER', role: 'manager' });
    await app.core.orders.cancelOrder(number, { type: 'staff', id: 'U0PRICER', role: 'manager' }, 'test over');
  });

  it('a product sold on backorder can be ordered with no stock: the chat says when it is expected, and the order waits for it', async () => {
    const kettle = await productWithStock(app.orm, 0, { name: 'Clay kettle', nameZh: '陶壶', priceMinor: 12_000, category: 'preorder', allowBackorder: true, backorderExpectedAt: '2026-12-20' });
    const buyer = customer();
    await buyer.send('/start');
    await buyer.press(/Products/);
    await buyer.press(/^preorder \(/);
    await buyer.press(/Clay kettle/);
    expect(buyer.lastText()).toContain('Out of stock: you can order now; expected Dec 20, 2026');
    const number = await addAndCheckOut(buyer);
    const [line] = await app.orm.em.fork().find(OrderLine, { order: { number } });
    expect([line!.sku, line!.quantity, line!.reserved, line!.backordered]).toEqual([kettle.sku, 1, 0, 1]);
    await eventually('the confirmation', () => buyer.texts().some((text) => text.startsWith(`✅ Order ${number} is confirmed`) && text.includes('1 of them backordered: expected Dec 20, 2026')));
  });

  it('a product made to order says when it is ready; ordering it in chat puts a production order in hand for the order', async () => {
    const manager = { type: 'staff', id: 'U0MAKER', role: 'manager' } as const;
    const wood = await productWithStock(app.orm, 100, { name: 'Walnut board', kind: 'material' });
    const tray = await productWithStock(app.orm, 0, { name: 'Walnut tray', nameZh: '胡桃木托盘', priceMinor: 26_000, category: 'made to order', replenishment: 'make_to_order' });
    const bom = await app.core.manufacturing.createBom({ sku: tray.sku, outputQuantity: 1, produceDays: 5, lines: [{ sku: wood.sku, quantity: 2 }] }, manager);
    await app.core.manufacturing.activateBom(bom.id, manager);
    const buyer = customer();
    await buyer.send('/start');
    await buyer.press(/Products/);
    await buyer.press(/^made to order \(/);
    await buyer.press(/Walnut tray/);
    expect(buyer.lastText()).toMatch(/Made to order: ready about [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    const number = await addAndCheckOut(buyer);
    const [made] = await app.orm.em.fork().getConnection().execute<Array<{ quantity_planned: number; origin: string; status: string }>>(
      `select mo.quantity_planned, mo.origin, mo.status from production_order mo join order_line_supply s on s.production_order_id = mo.id
         join order_line ol on ol.id = s.order_line_id join "order" o on o.id = ol.order_id where o.number = ?`, [number]);
    expect(made).toEqual({ quantity_planned: 1, origin: 'order', status: 'draft' });
    await buyer.send(`/track ${number}`);
    expect(buyer.lastText()).toContain('In production: Walnut tray (0 of 1 made)');
  });

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

  it('one chat\'s updates are handled one at a time: ten concurrent "add" presses make ten in the cart', async () => {
    const buyer = customer();
    await buyer.send('/start');
    await buyer.press(/Products/);
    await buyer.press(/^tea \(/);
    await buyer.press(/Longjing tea/);
    const add = buyer.buttonData(/Add to cart/);
    const statuses = await Promise.all(Array.from({ length: 10 }, () => buyer.post(buyer.callbackUpdate(add))));
    expect(statuses).toEqual(Array(10).fill(200));
    await buyer.send('/cart');
    expect(buyer.lastText()).toContain('Longjing tea × 10: CN¥1,680.00');
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

/** Answers one chat's sendMessage calls with `reply` while `active()`; returns the texts it refused (filled as it goes). */
function refuse(chatId: number, reply: { status: number; body: unknown }, active: () => boolean): string[] {
  const refused: string[] = [];
  office.telegram.when((call) => {
    if (call.method !== 'sendMessage' || String(call.params.chat_id) !== String(chatId) || !active()) return undefined;
    refused.push(String(call.params.text));
    return reply;
  });
  return refused;
}

/** What reached the chat: every message to it but the refused ones. */
function delivered(buyer: TelegramCustomer, refused: string[]): string[] {
  const left = [...refused];
  return office.telegram.messagesTo(buyer.chatId).filter((text) => {
    const at = left.indexOf(text);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}

describe('chat replies when Telegram pushes back', () => {
  it('a 429 on a reply: it waits retry_after and sends the reply once more, within the same update', async () => {
    const buyer = customer();
    let left = 1;
    const refused = refuse(buyer.chatId, { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } }, () => left-- > 0);
    const started = Date.now();
    expect(await buyer.send('/start')).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('Hello Wang!');
    expect(delivered(buyer, refused)).toEqual([refused[0]]);
  });

  it('with Redis away the chat still answers at once: replies go unpaced, limits let the message through', async () => {
    const redis = await startPrivateRedis({ persistent: false });
    const away = await startTestApp({ env: { ...env(), TELEGRAM_CHAT_MAX_PER_SECOND: '1' }, redisUrl: redis.url });
    await redis.stop(true);
    const buyer = new TelegramCustomer({ webhookUrl: `${away.url}/telegram/webhook`, secret, fake: office.telegram, chatId: (chat += 1), languageCode: 'en' });
    const started = Date.now();
    expect(await buyer.send('/start')).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(buyer.lastText()).toContain('Hello Wang!');
  });

  it('a reply Telegram keeps refusing is handed to the notification pipeline and arrives once, with its buttons, when Telegram is back', async () => {
    const buyer = customer();
    let down = true;
    const refused = refuse(buyer.chatId, { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } }, () => down);
    expect(await buyer.send('/start')).toBe(200);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('Hello Wang!');
    down = false;
    await eventually('the deferred welcome', () => delivered(buyer, refused).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(delivered(buyer, refused)).toEqual([refused[0]]);
    const screen = office.telegram.screensOf(buyer.chatId).at(-1)!;
    expect(screen.buttons.map((button) => button.text)).toEqual(expect.arrayContaining([expect.stringMatching(/Products/)]));
    // The buttons work as if the reply had gone out at once.
    await buyer.press(/Products/);
    expect(buyer.lastText()).toMatch(/categor/i);
  });
});

describe('garbage and hostile input gets a polite reply, no order, and nobody else\'s data', () => {
  it('random text, emoji, a 4,096-character message and a sticker are answered politely', async () => {
    const buyer = customer();
    for (const text of ['qwrtzp lkjh', '🙈🙉🙊', '%%%$$$###', 'x'.repeat(4096)]) expect(await buyer.send(text)).toBe(200);
    const sticker = buyer.messageUpdate('');
    delete (sticker.message as Record<string, unknown>).text;
    (sticker.message as Record<string, unknown>).sticker = { file_id: 'abc', width: 512, height: 512, is_animated: false };
    expect(await buyer.post(sticker)).toBe(200);
    expect(buyer.texts()).toEqual([
      t('en', 'chat.not_understood'),
      t('en', 'chat.not_understood'),
      t('en', 'chat.not_understood'),
      'That message is a bit long for me. Please keep it short, or choose an option below.',
      t('en', 'chat.not_understood'),
    ]);
    expect(await ordersOf(buyer.chatId)).toHaveLength(0);
  });

  it('unknown callback data and a stale checkout button are answered as no longer active, and order nothing', async () => {
    const buyer = customer();
    for (const data of ['garbage', '{"a":"launch"}', '{"a":"ok","k":"nope"}', '{"a":"cxy","o":"SO-20990101-000001"}']) {
      expect(await buyer.post(buyer.callbackUpdate(data))).toBe(200);
    }
    expect(buyer.texts().slice(0, 3)).toEqual(Array(3).fill('That button is no longer active. Here is where we are now.'));
    expect(buyer.lastText()).toBe('I could not find order SO-20990101-000001 among your orders. Please check the number.');

    await shopUntilReview(buyer);
    const oldConfirm = buyer.buttonData(/Confirm order/);
    await buyer.press(/Cancel checkout/);
    expect(buyer.lastText()).toBe('Checkout cancelled. Your cart is kept.');
    await buyer.post(buyer.callbackUpdate(oldConfirm));
    expect(buyer.lastText()).toBe('That button is no longer active. Here is where we are now.');
    expect(await ordersOf(buyer.chatId)).toHaveLength(0);
    expect(office.telegram.callsTo('answerCallbackQuery').length).toBeGreaterThan(0);
  });

  it('another customer\'s order number is "not found" for /track, free text and /cancel, and stays untouched', async () => {
    const owner = customer();
    await shopUntilReview(owner);
    await owner.press(/Confirm order/);
    const number = /Order (SO-\d{8}-\d{6})/.exec(owner.lastText())![1]!;

    const stranger = customer();
    await stranger.send(`/track ${number}`);
    await stranger.send(`where is ${number.toLowerCase()}?`);
    await stranger.send(`/cancel ${number}`);
    await stranger.post(stranger.callbackUpdate(JSON.stringify({ a: 'cxy', o: number })));
    const notFound = `I could not find order ${number} among your orders. Please check the number.`;
    expect(stranger.texts()).toEqual([notFound, notFound, notFound, notFound]);
    expect(stranger.texts().join('\n')).not.toMatch(/Longjing|Huaihai|13800138000/);
    expect((await app.orm.em.fork().findOneOrFail(Order, { number })).status).toBe('confirmed');
  });

  it('Chinese: language from Telegram, free text intents, and "人工客服" opens a ticket for staff in Slack', async () => {
    const buyer = customer(app, 'zh-hans');
    await buyer.send('/start');
    expect(buyer.lastText()).toContain('您好，Wang！');
    await buyer.send('我的订单在哪');
    expect(buyer.lastText()).toBe('您还没有订单。');
    await buyer.send('运费多少？');
    expect(buyer.lastText()).toContain('满 ¥199.00 包邮');
    await buyer.send('人工客服，我想问一下发票');
    const ticket = /工单号 (T-\d{6})/.exec(buyer.lastText())?.[1];
    expect(ticket).toBeDefined();
    await eventually('the ticket in Slack', () => office.slack.postsTo('C_SUPPORT').some((post) => String(post.params.text).includes(ticket!)));
    expect(String(office.slack.postsTo('C_SUPPORT').find((post) => String(post.params.text).includes(ticket!))!.params.text)).toContain('人工客服，我想问一下发票');
    await buyer.send('/lang');
    await buyer.press(/English/);
    expect(buyer.lastText()).toBe('I will speak English from now on.');
  });
});

describe('complaints from the chat', () => {
  it('/complain: pick the order and the kind, describe it with a photo; a high-priority ticket opens', async () => {
    const buyer = customer();
    await shopUntilReview(buyer);
    await buyer.press(/Confirm order/);
    const number = /Order (SO-\d{8}-\d{6})/.exec(buyer.lastText())![1]!;
    // The confirmation comes from the worker whenever it is sent; let it arrive first so the
    // replies below are the last messages of the chat.
    await eventually('the confirmation', () => buyer.texts().some((text) => text.includes(`Order ${number} is confirmed`)));
    await buyer.send('/complain');
    expect(buyer.lastText()).toBe('Sorry to hear something went wrong. Which order is it about?');
    await buyer.press(new RegExp(number));
    await buyer.press(/^delivery issue$/);
    expect(buyer.lastText()).toBe('Please describe what happened (you can also send a photo with a caption).');
    const photo = buyer.messageUpdate('');
    const message = photo.message as Record<string, unknown>;
    delete message.text;
    Object.assign(message, { caption: 'The box arrived crushed', photo: [{ file_id: 'small-1', file_unique_id: 'u1', width: 90, height: 90 }, { file_id: 'large-1', file_unique_id: 'u2', width: 800, height: 800 }] });
    expect(await buyer.post(photo)).toBe(200);
    const ticketNumber = /ticket number is (T-\d{6})/.exec(buyer.lastText())![1]!;
    const ticket = await app.orm.em.fork().findOneOrFail(Ticket, { number: ticketNumber });
    expect([ticket.kind, ticket.priority, ticket.orderNumber, ticket.description]).toEqual(['delivery_issue', 'high', number, 'The box arrived crushed [photo large-1]']);
    await buyer.send('投诉：还是没人联系我');
    expect(buyer.lastText()).toBe(`Sent to our team (ticket ${ticketNumber}). We will answer here.`);
  });
});

describe('Telegram polling mode (TELEGRAM_MODE=polling)', () => {
  it('fetches updates with getUpdates and answers them', async () => {
    const polling = await startTestApp({ env: { ...env(), TELEGRAM_MODE: 'polling', TELEGRAM_WEBHOOK_SECRET: '' } });
    await polling.chat.start();
    const chatId = (chat += 1);
    office.telegram.pushUpdate({ message: { message_id: 1, date: 0, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'Li', language_code: 'en' }, text: '/start' } });
    await eventually('the welcome', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith('Hello Li!')), 10_000);
    expect(office.telegram.callsTo('deleteWebhook').length).toBeGreaterThan(0);
    await polling.stop();
  });
});
