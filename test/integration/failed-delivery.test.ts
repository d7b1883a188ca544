import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { Shipment } from '../../core/logistics/index.ts';
import { systemClock } from '../../core/shared/clock.ts';
import type { Actor } from '../../core/shared/actor.ts';
import { SimulatedCarrier } from '../../bots/carriers/simulated.carrier.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { stockOf } from '../support/inspect.ts';
import { TelegramCustomer } from '../support/telegram-customer.ts';

const secret = 'webhook-secret-for-failed-delivery';
const sim = new SimulatedCarrier(systemClock);
let office: TestBackOffice;
let app: TestApp;
const packer: Actor = { type: 'staff', id: 'U0PACK', role: 'agent' };

beforeAll(async () => {
  office = await startTestBackOffice({ DEFAULT_LOCALE: 'en' });
  app = await startTestApp({ carriers: new Map([['SIM', sim]]), env: { TELEGRAM_BOT_TOKEN: office.telegram.token, TELEGRAM_API_ROOT: office.config.TELEGRAM_API_ROOT, TELEGRAM_WEBHOOK_SECRET: secret, DEFAULT_LOCALE: 'en' } });
  await app.core.logistics.saveCarrier({
    code: 'SIM', name: 'Simulated Express', nameZh: '模拟快递',
    services: [{ code: 'standard', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1200 }] }],
  }, { type: 'staff', id: 'U0ADMIN', role: 'admin' });
});

let event = 0;
const fail = (trackingNumber: string) => app.core.logistics.applyCarrierEvents('SIM', [{ id: `fail-${(event += 1)}`, trackingNumber, status: 'failed', description: 'Nobody at home', occurredAt: new Date() }]);
const statusOf = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;

describe('failed delivery', () => {
  it('the customer picks a new day in chat and the carrier gets the reattempt; after the third failure the parcel returns and its stock is received back', async () => {
    const chatId = 9_300_001;
    const customer = new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: office.telegram, chatId, languageCode: 'en' });
    const { sku } = await productWithStock(app.orm, 10);
    const { order } = await chatOrder(app.core, { sku, chatId: String(chatId), quantity: 2 });
    for (const to of ['picking', 'packed'] as const) await app.core.orders.changeStatus({ number: order.number, to, actor: packer });
    const { trackingNumber } = await app.core.logistics.shipOrder(order.number, packer);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 8, reserved: 0, ledgerOnHand: 8, ledgerReserved: 0 });

    await fail(trackingNumber);
    expect(await statusOf(order.number)).toBe('delivery_failed');
    await eventually('the customer asked for a day', () => customer.texts().some((text) => text.startsWith(`🚚 We could not deliver order ${order.number} (attempt 1)`)));
    const days = office.telegram.screensOf(chatId).at(-1)!.buttons.filter((button) => JSON.parse(button.callback_data).a === 'rea');
    expect(days).toHaveLength(3);
    await customer.press(new RegExp(days[1]!.text));
    const day = JSON.parse(days[1]!.callback_data).d as string;
    expect(customer.lastText()).toContain(`Done: the courier tries order ${order.number} again on`);
    expect(sim.reattempts).toEqual([{ trackingNumber, date: day }]);
    expect(await statusOf(order.number)).toBe('shipped');
    // The same button again: the order is no longer waiting for a new attempt.
    await customer.press(new RegExp(days[1]!.text));
    expect(customer.lastText()).toBe(`Order ${order.number} is not waiting for a new delivery attempt (it is shipped).`);
    expect(sim.reattempts).toHaveLength(1);

    // The second attempt fails too: this time the customer gives a new address, then a day.
    await fail(trackingNumber);
    expect(await statusOf(order.number)).toBe('delivery_failed');
    await eventually('asked again', () => customer.texts().some((text) => text.startsWith(`🚚 We could not deliver order ${order.number} (attempt 2)`)));
    await customer.press(/New address/);
    expect(customer.lastText()).toBe(`Please write the new delivery address for order ${order.number} (street, city).`);
    await customer.send('18 Nanjing Road, Shanghai, 200001');
    expect(customer.lastText()).toBe(`Thank you. Pick a day for the delivery of order ${order.number} to 18 Nanjing Road, Shanghai, 200001:`);
    await customer.press(new RegExp(office.telegram.screensOf(chatId).at(-1)!.buttons[0]!.text));
    expect(customer.lastText()).toContain(`Done: the courier tries order ${order.number} again on`);
    expect(sim.reattempts[1]).toMatchObject({ trackingNumber, address: { line1: '18 Nanjing Road', city: 'Shanghai', postalCode: '200001' } });
    expect((await app.orm.em.fork().findOneOrFail(Order, { number: order.number })).shippingAddress).toMatchObject({ line1: '18 Nanjing Road', city: 'Shanghai' });

    await fail(trackingNumber);
    expect(await statusOf(order.number)).toBe('returned');
    expect((await app.orm.em.fork().findOneOrFail(Shipment, { trackingNumber })).status).toBe('returned');
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 10, reserved: 0, ledgerOnHand: 10, ledgerReserved: 0 });
    // A late event for the returned parcel changes nothing.
    expect((await fail(trackingNumber)).applied).toBe(1);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 10, reserved: 0, ledgerOnHand: 10, ledgerReserved: 0 });
  });

  it('staff may return a parcel to the shop after a failed attempt; a day in the past is refused', async () => {
    const { sku } = await productWithStock(app.orm, 5);
    const { order } = await chatOrder(app.core, { sku, chatId: '9300002', quantity: 1 });
    for (const to of ['picking', 'packed'] as const) await app.core.orders.changeStatus({ number: order.number, to, actor: packer });
    const { trackingNumber } = await app.core.logistics.shipOrder(order.number, packer);
    await fail(trackingNumber);
    const key = await app.apiKey(['fulfilment:write']);
    const past = await request(`${app.url}/api/v1/orders/${order.number}/reattempt`, { body: { date: '2020-01-01' }, headers: { authorization: `Bearer ${key}` } });
    expect([past.status, past.body.error.code]).toEqual([400, 'invalid_input']);
    const tomorrow = new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
    const moved = await request(`${app.url}/api/v1/orders/${order.number}/reattempt`, { body: { date: tomorrow, address: { line1: '9 Bund', city: 'Shanghai', country: 'CN' } }, headers: { authorization: `Bearer ${key}` } });
    expect([moved.status, moved.body.attempt]).toEqual([200, 2]);
    expect(sim.reattempts.at(-1)).toMatchObject({ trackingNumber, date: tomorrow, address: { line1: '9 Bund' } });
    await fail(trackingNumber);
    const back = await request(`${app.url}/api/v1/orders/${order.number}/return-to-sender`, { body: { reason: 'address does not exist' }, headers: { authorization: `Bearer ${key}` } });
    expect([back.status, back.body.status]).toEqual([200, 'returned']);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 5, reserved: 0, ledgerOnHand: 5, ledgerReserved: 0 });
  });
});
