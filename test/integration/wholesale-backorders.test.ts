import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import type { Actor } from '../../core/shared/actor.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { SimulatedCarrier } from '../../bots/carriers/simulated.carrier.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { noticesForOrderEvent } from '../../core/notifications/index.ts';

const admin: Actor = { type: 'staff', id: 'U0ADMIN', role: 'admin' };
let app: TestApp;
let staff: Record<string, string>;
let keys = 0;
let accounts = 0;

const db = () => app.orm.em.fork().getConnection();
const statusOf = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;
const api = (path: string, body?: unknown) => request(`${app.url}/api/v1${path}`, { method: 'POST', body, headers: staff });

/** A company with one buyer's key, on this backorder policy. */
async function buyerOf(policy: 'backorder' | 'ship_complete' | 'cancel_remainder'): Promise<Record<string, string>> {
  const code = `BO-${process.pid}-${(accounts += 1)}`;
  await api('/accounts', { code, name: `${code} Wholesale`, currency: 'CNY', backorderPolicy: policy });
  const added = await api(`/accounts/${code}/members`, { channel: 'email', externalId: `${code.toLowerCase()}@example.com`, name: 'Buyer', role: 'buyer' });
  return { authorization: `Bearer ${(await api(`/accounts/${code}/members/${added.body.members[0].id}/api-keys`)).body.key}` };
}

function order(auth: Record<string, string>, sku: string, quantity: number) {
  keys += 1;
  return request(`${app.url}/api/v1/orders`, { body: { ...orderBody([{ sku, quantity }]), customerPoRef: `PO-${keys}` }, headers: { ...auth, 'Idempotency-Key': `wbo-${process.pid}-${keys}` } });
}

async function units(number: string): Promise<Array<[number, number, number, number, number]>> {
  const rows = await db().execute<Array<{ quantity: number; reserved: number; shipped: number; backordered: number; cancelled: number }>>(
    `select ol.quantity, ol.reserved, ol.shipped, ol.backordered, ol.cancelled from order_line ol join "order" o on o.id = ol.order_id where o.number = ? order by ol.id`, [number]);
  return rows.map((row) => [row.quantity, row.reserved, row.shipped, row.backordered, row.cancelled]);
}

async function shipReserved(number: string, sku: string, quantity: number): Promise<void> {
  const created = await app.core.fulfilment.createPickList({ orders: [number], actor: admin });
  await app.core.fulfilment.scan(created.pickList.number, { barcode: sku, quantity }, admin);
  await app.core.logistics.shipOrder(number, admin);
}

beforeAll(async () => {
  app = await startTestApp({ env: { APPROVAL_THRESHOLD_MINOR: '100000000' }, carriers: new Map([['SIM', new SimulatedCarrier(systemClock)]]) });
  staff = { authorization: `Bearer ${await app.apiKey()}` };
  await app.core.logistics.saveCarrier({
    code: 'SIM', name: 'Simulated Express', nameZh: '模拟快递',
    services: [{ code: 'standard', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, regions: ['*'], weightBands: [{ maxGrams: 300_000, priceMinor: 1200 }] }],
  }, admin);
});

describe('company orders take what is there and wait for the rest (issue 21)', () => {
  it('100 ordered with 60 available: 60 reserved, 40 backordered; 60 ship (partially shipped); 50 received go to the oldest order first', async () => {
    const { sku } = await productWithStock(app.orm, 60, { priceMinor: 100, weightGrams: 100 });
    const first = await buyerOf('backorder');
    const second = await buyerOf('backorder');
    const older = await order(first, sku, 100);
    // 100 units is a large quantity: staff approve it first.
    expect([older.status, older.body.status]).toEqual([201, 'pending_approval']);
    expect((await api(`/orders/${older.body.number}/approve`)).body.status).toBe('confirmed');
    expect(await units(older.body.number)).toEqual([[100, 60, 0, 40, 0]]);
    const newer = await order(second, sku, 30);
    expect(await units(newer.body.number)).toEqual([[30, 0, 0, 30, 0]]);

    await shipReserved(older.body.number, sku, 60);
    expect(await statusOf(older.body.number)).toBe('partially_shipped');
    expect(await units(older.body.number)).toEqual([[100, 0, 60, 40, 0]]);

    await app.core.inventory.receiveStock({ lines: [{ sku, quantity: 50 }], reference: 'PO-receipt-50', actor: admin });
    expect(await units(older.body.number)).toEqual([[100, 40, 60, 0, 0]]);
    expect(await units(newer.body.number)).toEqual([[30, 10, 0, 20, 0]]);
    const [unbalanced] = await db().execute<Array<{ n: string }>>('select count(*) as n from order_line where quantity <> reserved + shipped + backordered + cancelled');
    expect(Number(unbalanced!.n)).toBe(0);
  });

  it('ship_complete: nothing is picked until every unit is reserved', async () => {
    const { sku } = await productWithStock(app.orm, 5, { priceMinor: 100, weightGrams: 100 });
    const buyer = await buyerOf('ship_complete');
    const placed = await order(buyer, sku, 10);
    expect(await units(placed.body.number)).toEqual([[10, 5, 0, 5, 0]]);
    await expect(app.core.fulfilment.createPickList({ orders: [placed.body.number], actor: admin })).rejects.toMatchObject({ code: 'rule_violation' });
    await app.core.inventory.receiveStock({ lines: [{ sku, quantity: 5 }], reference: 'receipt-5', actor: admin });
    const created = await app.core.fulfilment.createPickList({ orders: [placed.body.number], actor: admin });
    expect(created.pickList.lines.map((line) => line.quantity)).toEqual([10]);
  });

  it('cancel_remainder: what is in stock is ordered, the rest taken off at once (rounded to the case) and the buyer told', async () => {
    const { sku: short } = await productWithStock(app.orm, 30, { priceMinor: 100, weightGrams: 100, name: 'Short tea' });
    const { sku: plenty } = await productWithStock(app.orm, 50, { priceMinor: 100, weightGrams: 100 });
    await app.core.catalog.setQuantityRule(short, { minimum: 12, increment: 12, maximum: null }, admin);
    const buyer = await buyerOf('cancel_remainder');
    keys += 1;
    const placed = await request(`${app.url}/api/v1/orders`, {
      body: { ...orderBody([{ sku: short, quantity: 36 }, { sku: plenty, quantity: 5 }]), customerPoRef: `PO-${keys}` }, headers: { ...buyer, 'Idempotency-Key': `wbo-${process.pid}-${keys}` },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.lines.map((line: { sku: string; quantity: number; reserved: number; backordered: number }) => [line.sku, line.quantity, line.reserved, line.backordered]))
      .toEqual([[short, 24, 24, 0], [plenty, 5, 5, 0]]);
    expect(placed.body.subtotalMinor).toBe(2900);
    const [event] = await db().execute<Array<{ payload: { cut: unknown } }>>(`select payload from outbox_event where aggregate_id = ? and topic = 'order.placed'`, [placed.body.number]);
    expect(event!.payload.cut).toEqual([{ sku: short, name: 'Short tea', nameZh: expect.any(String), units: 12 }]);
    const notices = noticesForOrderEvent({ id: 1, topic: 'order.placed', aggregateType: 'order', aggregateId: placed.body.number, payload: event!.payload as Record<string, unknown>, createdAt: new Date() }, {
      summary: { number: placed.body.number, totalMinor: placed.body.totalMinor, currency: 'CNY', promisedAt: null, lines: [] }, customerName: 'Buyer', history: { previousOrders: 0, cancelledOrders: 0 },
    });
    expect(notices.map((each) => each.notice)).toContainEqual(expect.objectContaining({ kind: 'order_lines_changed', change: 'cancelled', name: 'Short tea', units: 12 }));
    // Nothing of it in stock: the order is refused as before.
    const { sku: none } = await productWithStock(app.orm, 0, { priceMinor: 100 });
    const refused = await order(buyer, none, 3);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'insufficient_stock']);
  });
});
