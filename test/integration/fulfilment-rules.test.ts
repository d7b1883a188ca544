import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { customerActor, type Actor } from '../../core/shared/actor.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { stockOf } from '../support/inspect.ts';

let app: TestApp;
let seed = 0;
const agent: Actor = { type: 'staff', id: 'U0PICKER', role: 'agent' };
const supervisor: Actor = { type: 'staff', id: 'U0LEAD', role: 'supervisor' };

beforeAll(async () => {
  app = await startTestApp();
});

/** A valid EAN-13 from twelve digits. */
function ean13(twelve: string): string {
  const sum = [...twelve].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

async function order(lines: Array<{ sku: string; quantity: number }>, shippingAddress = shanghai) {
  seed += 1;
  const chatId = `rules-${process.pid}-${seed}`;
  const customer = await app.core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: 'Rules', locale: 'en' });
  const placed = await app.core.orders.placeOrder({
    channel: 'telegram', identity: { channel: 'telegram', externalId: chatId }, contact: { name: 'Rules', locale: 'en' },
    lines, shippingAddress, paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id),
  });
  return { number: placed.order.number, actor: customerActor(customer.id) };
}

const api = async (path: string, scopes: Parameters<TestApp['apiKey']>[0], body: unknown = {}) =>
  request(`${app.url}/api/v1${path}`, { body, headers: { authorization: `Bearer ${await app.apiKey(scopes)}` } });

describe('cancelling before shipping', () => {
  it('an API key with orders:write cancels an order being picked: its stock goes back and its pick-list lines are skipped; a customer may cancel until packed; a shipped order cannot be cancelled', async () => {
    const barcode = ean13(`69${String(process.pid).padStart(7, '0')}001`);
    const { sku } = await productWithStock(app.orm, 10, { barcode });
    const first = await order([{ sku, quantity: 2 }]);
    const second = await order([{ sku, quantity: 1 }]);
    const list = await app.core.fulfilment.createPickList({ orders: [first.number, second.number], actor: agent });
    await app.core.fulfilment.scan(list.pickList.number, { barcode }, agent);
    expect((await app.orm.em.fork().findOneOrFail(Order, { number: first.number })).status).toBe('picking');

    const cancelled = await api(`/orders/${first.number}/cancel`, ['orders:write'], { reason: 'the customer called' });
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 10, reserved: 1, ledgerOnHand: 10, ledgerReserved: 1 });
    // The rest of the list is the other order's: one more scan packs it and completes the list.
    const last = await app.core.fulfilment.scan(list.pickList.number, { barcode }, agent);
    expect([last.packed, last.status]).toEqual([[second.number], 'completed']);

    // A customer may cancel while the order is being picked, not once it is packed.
    const third = await order([{ sku, quantity: 1 }]);
    await app.core.orders.changeStatus({ number: third.number, to: 'picking', actor: agent });
    expect((await app.core.orders.cancelOrder(third.number, third.actor)).status).toBe('cancelled');
    await expect(app.core.orders.cancelOrder(second.number, customerActor(0))).rejects.toMatchObject({ code: 'not_found' });

    await app.core.orders.changeStatus({ number: second.number, to: 'shipped', actor: agent });
    const late = await api(`/orders/${second.number}/cancel`, ['orders:write'], { reason: 'too late' });
    expect([late.status, late.body.error.code]).toEqual([409, 'invalid_transition']);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 9, reserved: 0, ledgerOnHand: 9, ledgerReserved: 0 });
  });
});

describe('orders of services alone', () => {
  it('complete when staff mark them fulfilled (their reservation used up); an order with goods cannot', async () => {
    const { sku: massage } = await productWithStock(app.orm, 5, { kind: 'service', name: 'Tea ceremony class' });
    const { sku: tea } = await productWithStock(app.orm, 5);
    const service = await order([{ sku: massage, quantity: 1 }], undefined);
    const fulfilled = await api(`/orders/${service.number}/fulfil`, ['fulfilment:write']);
    expect([fulfilled.status, fulfilled.body.status]).toEqual([200, 'completed']);
    expect(await stockOf(app.orm, massage)).toEqual({ onHand: 4, reserved: 0, ledgerOnHand: 4, ledgerReserved: 0 });

    const mixed = await order([{ sku: massage, quantity: 1 }, { sku: tea, quantity: 1 }]);
    const refused = await api(`/orders/${mixed.number}/fulfil`, ['fulfilment:write']);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'invalid_transition']);
    const another = await order([{ sku: massage, quantity: 1 }], undefined);
    expect((await api(`/orders/${another.number}/fulfil`, ['orders:write'])).status).toBe(403);
  });
});

describe('barcode verification', () => {
  it('a typed SKU does not stand for a scan unless the item has no barcode, or a supervisor types it (audited)', async () => {
    const barcode = ean13(`69${String(process.pid).padStart(7, '0')}002`);
    const { sku: scanned } = await productWithStock(app.orm, 10, { barcode });
    const { sku: plain } = await productWithStock(app.orm, 10);
    const { number } = await order([{ sku: scanned, quantity: 2 }, { sku: plain, quantity: 1 }]);
    const list = await app.core.fulfilment.createPickList({ orders: [number], actor: agent });

    const key = await app.apiKey(['fulfilment:write']);
    const typed = await request(`${app.url}/api/v1/pick-lists/${list.pickList.number}/scan`, { body: { barcode: scanned }, headers: { authorization: `Bearer ${key}` } });
    expect([typed.status, typed.body.error.code]).toEqual([422, 'wrong_barcode']);
    await expect(app.core.fulfilment.scan(list.pickList.number, { barcode: scanned }, agent)).rejects.toMatchObject({ code: 'wrong_barcode' });
    // No barcode on the product: its SKU is all there is to confirm.
    expect((await app.core.fulfilment.scan(list.pickList.number, { barcode: plain }, agent)).lines.find((line) => line.sku === plain)!.scanned).toBe(1);
    await app.core.fulfilment.scan(list.pickList.number, { barcode }, agent);
    const done = await app.core.fulfilment.scan(list.pickList.number, { barcode: scanned.toLowerCase() }, supervisor);
    expect([done.status, done.packed]).toEqual(['completed', [number]]);
    const audits = await app.orm.em.fork().getConnection().execute<Array<{ actor_id: string; after: { sku: string } }>>(
      `select actor_id, after from audit_entry where entity_type = 'pick_list' and entity_id = ? and action = 'pick.sku_typed'`, [list.pickList.number],
    );
    expect(audits.map((row) => [row.actor_id, row.after.sku])).toEqual([['U0LEAD', scanned]]);
  });
});
