import { beforeAll, describe, expect, it } from 'vitest';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { stockOf } from '../support/inspect.ts';

let app: TestApp;
let auth: Record<string, string>;
let keyCounter = 0;

beforeAll(async () => {
  app = await startTestApp({ env: { APPROVAL_THRESHOLD_MINOR: '100000' } });
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  // One local courier: Shanghai and Jiangsu only.
  await app.core.logistics.saveCarrier({
    code: 'LOCAL', name: 'Local courier',
    services: [{ code: 'city', name: 'city', transitDays: 1, regions: ['Shanghai', 'Jiangsu'], weightBands: [{ maxGrams: 30_000, priceMinor: 800 }] }],
  }, { type: 'staff', id: 'U0ADMIN', role: 'admin' });
});

const newKey = () => `order-key-${process.pid}-${++keyCounter}`;

function placeOrder(body: unknown, key = newKey()) {
  return request(`${app.url}/api/v1/orders`, { body, headers: { ...auth, 'Idempotency-Key': key } });
}

describe('placing orders over REST', () => {
  it('a normal order is confirmed, reserves stock and writes order.placed to the outbox', async () => {
    const { sku } = await productWithStock(app.orm, 10, { priceMinor: 2500 });
    const placed = await placeOrder(orderBody([{ sku, quantity: 3 }]));
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      status: 'confirmed', subtotalMinor: 7500, shippingMinor: 1000, totalMinor: 8500, currency: 'CNY',
      lines: [{ sku, quantity: 3, unitPriceMinor: 2500, lineTotalMinor: 7500 }], flags: [],
    });
    expect(placed.body.number).toMatch(/^SO-\d{8}-\d{6}$/);
    expect(placed.headers.get('location')).toBe(`/api/v1/orders/${placed.body.number}`);
    expect(Date.parse(placed.body.promisedAt) - Date.parse(placed.body.placedAt)).toBe(3 * 24 * 3600 * 1000);
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 10, reserved: 3, ledgerOnHand: 10, ledgerReserved: 3 });
    const events = await app.orm.em.getConnection().execute('select topic, payload from outbox_event where aggregate_id = ?', [placed.body.number]);
    expect(events).toEqual([{ topic: 'order.placed', payload: expect.objectContaining({ orderNumber: placed.body.number, status: 'confirmed' }) }]);
  });

  it('a high-value order waits for approval with an order.approval_requested event and its reasons', async () => {
    const { sku } = await productWithStock(app.orm, 5, { priceMinor: 60_000 });
    const placed = await placeOrder(orderBody([{ sku, quantity: 2 }]));
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'pending_approval', approvalReasons: ['high_value'], totalMinor: 120_000 });
    const events = await app.orm.em.getConnection().execute('select topic from outbox_event where aggregate_id = ?', [placed.body.number]);
    expect(events).toEqual([{ topic: 'order.approval_requested' }]);
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 2 });
  });

  it('an unusually large quantity also waits for approval', async () => {
    const { sku } = await productWithStock(app.orm, 100, { priceMinor: 10 });
    const placed = await placeOrder(orderBody([{ sku, quantity: 60 }]));
    expect(placed.body).toMatchObject({ status: 'pending_approval', approvalReasons: ['large_quantity'] });
  });

  it('the same cart from the same customer within 10 minutes is accepted, flagged and held for a person', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const customer = { externalId: `dup-${process.pid}` };
    const first = await placeOrder(orderBody([{ sku, quantity: 1 }], customer));
    const second = await placeOrder(orderBody([{ sku, quantity: 1 }], customer));
    expect(first.body.flags).toEqual([]);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ flags: ['possible_duplicate'], status: 'pending_approval', approvalReasons: ['possible_duplicate'] });
  });

  it('an address no configured carrier reaches is accepted, flagged and held for a person (a served one is not)', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const lhasa = await placeOrder({ ...orderBody([{ sku, quantity: 1 }]), shippingAddress: { line1: '1 Beijing Rd', city: 'Lhasa', region: 'Xizang', country: 'CN' } });
    expect(lhasa.body).toMatchObject({ status: 'pending_approval', flags: ['address_unserved'], approvalReasons: ['address_unserved'] });
    const suzhou = await placeOrder({ ...orderBody([{ sku, quantity: 2 }]), shippingAddress: { line1: '5 Canal St', city: 'Suzhou', region: 'jiangsu', country: 'CN' } });
    expect(suzhou.body).toMatchObject({ status: 'confirmed', flags: [] });
  });

  it('an expected price that differs from the catalogue is refused with both prices', async () => {
    const { sku } = await productWithStock(app.orm, 10, { priceMinor: 1200 });
    const placed = await placeOrder(orderBody([{ sku, quantity: 1, expectedPriceMinor: 1000 } as never]));
    expect(placed.status).toBe(409);
    expect(placed.body.error).toMatchObject({ code: 'price_mismatch', details: { lines: [{ sku, expectedPriceMinor: 1000, priceMinor: 1200 }] } });
  });

  it('goods without a delivery address are refused; services need none', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const { shippingAddress: _omit, ...noAddress } = orderBody([{ sku, quantity: 1 }]);
    expect((await placeOrder(noAddress)).body.error.code).toBe('address_required');
    const service = await productWithStock(app.orm, 10, { kind: 'service' });
    const { shippingAddress: _none, ...serviceOrder } = orderBody([{ sku: service.sku, quantity: 1 }]);
    const placed = await placeOrder(serviceOrder);
    expect(placed.status).toBe(201);
    expect(placed.body.shippingMinor).toBe(0);
    expect(placed.body.promisedAt).toBeNull();
  });

  it('an inactive product cannot be ordered', async () => {
    const { sku } = await productWithStock(app.orm, 10, { active: false });
    const placed = await placeOrder(orderBody([{ sku, quantity: 1 }]));
    expect(placed.status).toBe(422);
    expect(placed.body.error).toMatchObject({ code: 'unknown_product', details: { skus: [sku] } });
  });

  it('more than the per-line maximum is refused', async () => {
    const { sku } = await productWithStock(app.orm, 5000);
    const placed = await placeOrder(orderBody([{ sku, quantity: 1001 }]));
    expect(placed.status).toBe(422);
    expect(placed.body.error.code).toBe('quantity_limit');
  });

  it('insufficient stock is a 409 with the available quantity per SKU', async () => {
    const a = await productWithStock(app.orm, 2);
    const b = await productWithStock(app.orm, 10);
    const placed = await placeOrder(orderBody([{ sku: b.sku, quantity: 1 }, { sku: a.sku, quantity: 3 }]));
    expect(placed.status).toBe(409);
    expect(placed.body.error).toMatchObject({ code: 'insufficient_stock', details: { lines: [{ sku: a.sku, requested: 3, available: 2 }] } });
    expect(await stockOf(app.orm, b.sku)).toMatchObject({ reserved: 0, ledgerReserved: 0 });
  });

  it('the same Idempotency-Key with a different body is 422 idempotency_key_reused', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const key = newKey();
    const body = orderBody([{ sku, quantity: 1 }]);
    expect((await placeOrder(body, key)).status).toBe(201);
    const reused = await placeOrder({ ...body, notes: 'changed' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 1 });
  });
});

describe('reading and listing orders', () => {
  it('GET /orders/{number} returns the order with its timeline; unknown numbers are 404', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const placed = await placeOrder(orderBody([{ sku, quantity: 1 }]));
    const got = await request(`${app.url}/api/v1/orders/${placed.body.number}`, { headers: auth });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ number: placed.body.number, customer: { name: 'Li Lei' }, timeline: [{ action: 'order.placed', to: 'confirmed', actor: expect.stringMatching(/^api_key:\d+$/) }] });
    const missing = await request(`${app.url}/api/v1/orders/SO-20000101-000001`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('lists newest first with filters and cursor pagination', async () => {
    const { sku } = await productWithStock(app.orm, 50);
    const numbers: string[] = [];
    for (let i = 0; i < 5; i += 1) numbers.push((await placeOrder(orderBody([{ sku, quantity: 1 }]))).body.number);
    const firstPage = await request(`${app.url}/api/v1/orders?limit=3&status=confirmed&channel=api`, { headers: auth });
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.items.map((order: { number: string }) => order.number)).toEqual(numbers.slice(-3).reverse());
    const secondPage = await request(`${app.url}/api/v1/orders?limit=3&status=confirmed&channel=api&cursor=${firstPage.body.nextCursor}`, { headers: auth });
    expect(secondPage.body.items.map((order: { number: string }) => order.number).slice(0, 2)).toEqual(numbers.slice(0, 2).reverse());
    const future = await request(`${app.url}/api/v1/orders?from=2999-01-01`, { headers: auth });
    expect(future.body).toEqual({ items: [], nextCursor: null });
    expect((await request(`${app.url}/api/v1/orders?status=lost`, { headers: auth })).status).toBe(400);
    expect((await request(`${app.url}/api/v1/orders?cursor=%%%`, { headers: auth })).status).toBe(400);
  });
});
