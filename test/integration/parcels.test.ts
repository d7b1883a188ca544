import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { customerActor, type Actor } from '../../core/shared/actor.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { SimulatedCarrier } from '../../bots/carriers/simulated.carrier.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';

const admin: Actor = { type: 'staff', id: 'U0ADMIN', role: 'admin' };
const picker: Actor = { type: 'staff', id: 'U0PICK', role: 'agent' };
let office: TestBackOffice;
let app: TestApp;

beforeAll(async () => {
  office = await startTestBackOffice({ DEFAULT_LOCALE: 'en' });
  app = await startTestApp({ carriers: new Map([['SIM', new SimulatedCarrier(systemClock)]]), env: { DEFAULT_LOCALE: 'en' } });
  await app.core.logistics.saveCarrier({
    code: 'SIM', name: 'Simulated Express', nameZh: '模拟快递',
    services: [{ code: 'standard', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1200 }] }],
  }, admin);
  for (const code of ['NORTH', 'SOUTH']) await app.core.inventory.createWarehouse({ code, name: `${code} warehouse` }, admin);
});

describe('an order leaving from two warehouses', () => {
  it('ships as two parcels with two tracking numbers and one message each; it is delivered, with one message, only when both are; cash is collected per parcel', async () => {
    const { sku: tea } = await productWithStock(app.orm, 0, { name: 'Oolong tin', priceMinor: 8000, weightGrams: 300 });
    const { sku: cup } = await productWithStock(app.orm, 0, { name: 'Tea cup', priceMinor: 3000, weightGrams: 200 });
    await app.core.inventory.receiveStock({ warehouse: 'NORTH', lines: [{ sku: tea, quantity: 5 }], reference: 'parcels-north', actor: admin });
    await app.core.inventory.receiveStock({ warehouse: 'SOUTH', lines: [{ sku: cup, quantity: 5 }], reference: 'parcels-south', actor: admin });
    const chatId = '9400001';
    const customer = await app.core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: 'Two parcels', locale: 'en' });
    const { order } = await app.core.orders.placeOrder({
      channel: 'telegram', identity: { channel: 'telegram', externalId: chatId }, contact: { name: 'Two parcels', locale: 'en' },
      lines: [{ sku: tea, quantity: 1 }, { sku: cup, quantity: 2 }], shippingAddress: shanghai, paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id),
    });
    expect(order.totalMinor).toBe(15_000);
    for (const [warehouse, sku] of [['NORTH', tea], ['SOUTH', cup]] as const) {
      const list = await app.core.fulfilment.createPickList({ warehouse, orders: [order.number], actor: picker });
      while ((await app.core.fulfilment.getPickList(list.pickList.number, picker)).status === 'open') await app.core.fulfilment.scan(list.pickList.number, { barcode: sku }, picker);
    }
    expect((await app.orm.em.fork().findOneOrFail(Order, { number: order.number })).status).toBe('packed');

    const shipped = await app.core.logistics.shipOrder(order.number, picker);
    expect(shipped.parcels).toHaveLength(2);
    const [north, south] = shipped.parcels;
    expect(north!.trackingNumber).not.toBe(south!.trackingNumber);
    expect(shipped.parcels.map((parcel) => parcel.weightGrams)).toEqual([300, 400]);
    await eventually('a message per parcel', () => office.telegram.messagesTo(chatId).filter((text) => text.includes(`Order ${order.number}, parcel`)).length === 2);
    const parcelMessages = office.telegram.messagesTo(chatId).filter((text) => text.includes(`Order ${order.number}, parcel`));
    expect(parcelMessages.toSorted()).toEqual([
      `🚚 Order ${order.number}, parcel 1 of 2 is on its way with Simulated Express (tracking number ${north!.trackingNumber}): Oolong tin × 1.`,
      `🚚 Order ${order.number}, parcel 2 of 2 is on its way with Simulated Express (tracking number ${south!.trackingNumber}): Tea cup × 2.`,
    ].toSorted());

    const deliver = (trackingNumber: string) => app.core.logistics.applyCarrierEvents('SIM', [{ id: `${trackingNumber}-done`, trackingNumber, status: 'delivered', occurredAt: new Date() }]);
    await deliver(north!.trackingNumber);
    expect((await app.orm.em.fork().findOneOrFail(Order, { number: order.number })).status).toBe('shipped');
    const finance: Actor = { type: 'staff', id: 'U0FIN', role: 'finance' };
    expect((await app.core.payments.paymentsOf(order.number, finance)).paidMinor).toBe(8000);
    await deliver(south!.trackingNumber);
    expect((await app.orm.em.fork().findOneOrFail(Order, { number: order.number })).status).toBe('delivered');
    expect((await app.core.payments.paymentsOf(order.number, finance)).payments.map((row) => [row.amountMinor, row.state])).toEqual([[8000, 'collected'], [7000, 'collected']]);
    await eventually('the delivered message', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`📦 Order ${order.number} was delivered`)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(office.telegram.messagesTo(chatId).filter((text) => text.includes('was delivered'))).toHaveLength(1);
    expect(office.telegram.messagesTo(chatId).filter((text) => text.includes('is on its way'))).toHaveLength(2);
  });
});
