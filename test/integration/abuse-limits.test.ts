import { describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { Customer, CustomerIdentity } from '../../core/customers/index.ts';
import { Ticket } from '../../core/service/index.ts';
import { customerActor } from '../../core/shared/actor.ts';
import { orderBody, productWithStock, shanghai } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { startTelegramTestApp, TelegramCustomer } from '../support/telegram-customer.ts';
import { WebVisitor } from '../support/web-visitor.ts';
import { encodeCallback } from '../../bots/conversation/callback-data.ts';

const secret = 'webhook-secret-for-limits';
let chat = 7_800_000;

const telegramApp = (env: Record<string, string> = {}) => startTelegramTestApp(secret, env);

const ticketsOf = async (app: TestApp, chatId: number) => {
  const customer = await app.core.customers.resolve({ channel: 'telegram', externalId: String(chatId) }, { name: 'x' });
  return app.orm.em.fork().find(Ticket, { customer: customer.id });
};

describe('floods are capped', () => {
  it('/human sixty times in a minute: one ticket, reused; the 51st message gets one polite "slow down" and the rest nothing', async () => {
    const { app, telegram } = await telegramApp();
    const customer = new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: telegram, chatId: (chat += 1), languageCode: 'en' });
    for (let i = 0; i < 60; i += 1) expect(await customer.send('/human')).toBe(200);
    const texts = customer.texts();
    expect(texts[0]).toMatch(/^I have asked a colleague to help you\. Your ticket number is T-\d{6}/);
    expect(texts.slice(1, 50).every((text) => /^Your ticket T-\d{6} is still open/.test(text))).toBe(true);
    expect(texts.slice(50)).toEqual(['You are sending messages very fast. Please wait a minute, then carry on.']);
    expect(await ticketsOf(app, customer.chatId)).toHaveLength(1);
  });

  it('web chat: new sessions per address, messages per visitor and event streams per visitor are capped with 429 + Retry-After', async () => {
    const app = await startTestApp({ env: { WEBCHAT_SESSIONS_PER_IP_PER_HOUR: '3', CHAT_MESSAGES_PER_MINUTE: '5', WEBCHAT_STREAMS_PER_VISITOR: '2' } });
    const visitors = [await WebVisitor.arrive(app.url), await WebVisitor.arrive(app.url), await WebVisitor.arrive(app.url, 'zh-CN')];
    const fourth = await fetch(`${app.url}/chat`, { headers: { 'accept-language': 'zh-CN' } });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await fourth.text()).toBe('您的网络发起的新会话过多，请稍后再试。');
    expect(fourth.headers.get('set-cookie')).toBeNull();

    const [visitor] = visitors;
    for (let i = 0; i < 5; i += 1) expect((await visitor!.send(`hello ${i}`)).status).toBe(200);
    const sixth = await visitor!.send('hello 5');
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('rate_limited');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await visitor!.transcript()).filter((message) => message.direction === 'in')).toHaveLength(5);
    // Another visitor is not held up by the first one's flood.
    expect((await visitors[1]!.send('hello')).status).toBe(200);

    const stream = () => fetch(`${app.url}/chat/api/events`, { headers: { cookie: visitors[2]!.cookie } });
    const [first, second] = [await stream(), await stream()];
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await stream();
    expect(third.status).toBe(429);
    await first.body!.cancel();
    let again = await stream();
    for (let i = 0; i < 20 && again.status === 429; i += 1) {
      // The server notices the closed stream when its socket closes.
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await stream();
    }
    expect(again.status).toBe(200);
    await Promise.all([second.body!.cancel(), again.body!.cancel()]);
  });

  it('complaints per customer per day are capped; the next one is refused politely and opens nothing', async () => {
    const app = await startTestApp({ env: { COMPLAINTS_PER_DAY: '2' } });
    const customer = await app.core.customers.resolve({ channel: 'telegram', externalId: '7899001' }, { name: 'Grumpy' });
    const complain = () => app.core.support.openTicket({ kind: 'complaint', description: 'Again!', channel: 'telegram', actor: customerActor(customer.id) });
    await complain();
    await complain();
    await expect(complain()).rejects.toMatchObject({ code: 'rate_limited', details: { max: 2 } });
    expect(await app.orm.em.fork().count(Ticket, { customer: customer.id, kind: 'complaint' })).toBe(2);
    // Staff may still open one for them.
    await app.core.support.openTicket({ kind: 'complaint', description: 'Logged by phone', channel: 'phone', customerId: customer.id, actor: { type: 'staff', id: 'U0AGENT', role: 'agent' } });
  });
});

describe('a chat customer cannot hoard stock', () => {
  it('chat orders are capped per line and per order; the same quantities over the API (a known shop client) are fine', async () => {
    const app = await startTestApp({ env: { CHAT_MAX_QUANTITY_PER_LINE: '20', CHAT_MAX_UNITS_PER_ORDER: '50' } });
    const products = [await productWithStock(app.orm, 1000), await productWithStock(app.orm, 1000), await productWithStock(app.orm, 1000)];
    const customer = await app.core.customers.resolve({ channel: 'webchat', externalId: 'v_hoarder' }, { name: 'Visitor' });
    const order = (lines: Array<{ sku: string; quantity: number }>) => app.core.orders.placeOrder({
      channel: 'webchat', identity: { channel: 'webchat', externalId: 'v_hoarder' }, contact: { name: 'Visitor', locale: 'en' },
      lines, shippingAddress: shanghai, paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id),
    });
    await expect(order([{ sku: products[0]!.sku, quantity: 21 }])).rejects.toMatchObject({ code: 'quantity_limit', details: { max: 20 } });
    await expect(order(products.map(({ sku }) => ({ sku, quantity: 20 })))).rejects.toMatchObject({ code: 'order_quantity_limit', details: { max: 50 } });
    expect(await app.orm.em.fork().count(Order, { customer: customer.id })).toBe(0);
    expect((await order([{ sku: products[0]!.sku, quantity: 20 }])).order.status).toBe('confirmed');

    // The chat's cart stops at the same cap, so a customer is told before checkout.
    const [product] = await app.orm.em.fork().getConnection().execute<Array<{ id: number }>>('select id from product where sku = ?', [products[1]!.sku]);
    const productId = product!.id;
    let answer = '';
    for (let i = 0; i < 21; i += 1) {
      const replies = await app.chat.engine.handle({ channel: 'telegram', chatId: '7899100', updateKey: `cart-cap-${i}`, input: { kind: 'button', data: encodeCallback({ a: 'add', p: Number(productId) }) }, profile: { name: 'Hoarder', languageCode: 'en' } });
      answer = replies![0]!.text;
    }
    expect(answer).toBe('At most 20 of one product per order.');

    // Someone else's contact card lifts nothing; the customer's own phone, vouched for by
    // Telegram, verifies them: the cart and the order take more than the chat cap.
    const handle = (updateKey: string, input: Parameters<typeof app.chat.engine.handle>[0]['input']) =>
      app.chat.engine.handle({ channel: 'telegram', chatId: '7899100', updateKey, input, profile: { name: 'Hoarder', languageCode: 'en' } });
    const addOne = async (updateKey: string) => (await handle(updateKey, { kind: 'button', data: encodeCallback({ a: 'add', p: Number(productId) }) }))![0]!.text;
    expect((await handle('contact-other', { kind: 'contact', phone: '+86 139 0000 0000', own: false }))![0]!.text).toContain("someone else's contact");
    expect(await addOne('cart-cap-after-other')).toBe('At most 20 of one product per order.');
    expect((await handle('contact-own', { kind: 'contact', phone: '+86 139 1234 5678', own: true }))![0]!.text).toBe('Thank you, your phone number +86 139 1234 5678 is verified.');
    const identity = await app.orm.em.fork().findOneOrFail(CustomerIdentity, { channel: 'telegram', externalId: '7899100' });
    const verified = await app.orm.em.fork().findOneOrFail(Customer, identity.customer.id);
    expect(verified.phone).toBe('+8613912345678');
    expect(verified.phoneVerifiedAt).toBeInstanceOf(Date);
    expect(await addOne('cart-cap-verified')).toMatch(/\(21 in cart\)/);
    const bigger = await app.core.orders.placeOrder({
      channel: 'telegram', identity: { channel: 'telegram', externalId: '7899100' }, contact: { name: 'Hoarder', locale: 'en' },
      lines: [{ sku: products[1]!.sku, quantity: 30 }], shippingAddress: shanghai, paymentMethod: 'cash_on_delivery', actor: customerActor(identity.customer.id),
    });
    expect(bigger.order.lines[0]!.quantity).toBe(30);

    const key = await app.apiKey();
    const api = await request(`${app.url}/api/v1/orders`, { body: orderBody(products.map(({ sku }) => ({ sku, quantity: 100 }))), headers: { authorization: `Bearer ${key}`, 'Idempotency-Key': 'hoard-api-1' } });
    expect(api.status).toBe(201);
  });
});
