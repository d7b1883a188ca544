import { beforeAll, describe, expect, it } from 'vitest';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import type { Actor } from '../../core/shared/actor.ts';

let app: TestApp;
let auth: Record<string, string>;
const staff: Actor = { type: 'staff', id: 'U0FLOOR', role: 'manager' };
const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...auth, ...init.headers } });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);

const TEA = `TEA-${process.pid}`;
const BOX = `BOX-${process.pid}`;
const GIFT = `GB-${process.pid}`;
let keys = 0;

async function order(quantity: number): Promise<{ number: string; key: string; body: Record<string, unknown> }> {
  const body = orderBody([{ sku: GIFT, quantity }]);
  const key = `mto-${process.pid}-${(keys += 1)}`;
  const placed = await api('/orders', { method: 'POST', body, headers: { 'idempotency-key': key } });
  expect([placed.status, placed.body.status]).toEqual([201, 'confirmed']);
  return { number: placed.body.number, key, body };
}

async function moFor(orderNumber: string): Promise<Record<string, any>> {
  const [row] = await sql<{ number: string }>(`select mo.number from production_order mo join order_line_supply s on s.production_order_id = mo.id join order_line ol on ol.id = s.order_line_id join "order" o on o.id = ol.order_id where o.number = ?`, [orderNumber]);
  return (await api(`/production-orders/${row!.number}`)).body;
}

const line = async (orderNumber: string) => (await sql<{ reserved: number; backordered: number; cancelled: number }>(
  `select ol.reserved, ol.backordered, ol.cancelled from order_line ol join "order" o on o.id = ol.order_id where o.number = ?`, [orderNumber]))[0];
const events = async (topic: string, aggregate: string) => Number((await sql<{ count: string }>('select count(*) as count from outbox_event where topic = ? and aggregate_id = ?', [topic, aggregate]))[0]!.count);
const report = (number: string, good: number) => api(`/production-orders/${number}/reports`, { method: 'POST', body: { good, scrapped: 0 } });

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await productWithStock(app.orm, 100_000, { sku: TEA, kind: 'material' });
  await productWithStock(app.orm, 1000, { sku: BOX, kind: 'material' });
  await productWithStock(app.orm, 2, { sku: GIFT, replenishment: 'make_to_order' });
  const bom = await api('/boms', { method: 'POST', body: { sku: GIFT, outputQuantity: 4, produceDays: 3, lines: [{ sku: TEA, quantity: 1000, scrapBasisPoints: 500 }, { sku: BOX, quantity: 4 }] } });
  const activated = await api(`/boms/${bom.body.id}/activate`, { method: 'POST' });
  if (activated.status !== 200) throw new Error(`BOM not activated: ${JSON.stringify(activated.body)}`);
});

describe('make-to-order (issue 22)', () => {
  it('5 ordered with 2 in stock: 2 reserved, a production order for 3 pegged to the line; the order is not picked until they are made; the made units are the order\'s; one "ready" notice', async () => {
    const first = await order(5);
    expect(await line(first.number)).toEqual({ reserved: 2, backordered: 3, cancelled: 0 });
    const mo = await moFor(first.number);
    expect([mo.quantityPlanned, mo.status, mo.origin, mo.orderNumber]).toEqual([3, 'draft', 'order', first.number]);
    // The promise is the production lead time: 3 days after the order.
    const [promise] = await sql<{ days: number }>(`select round(extract(epoch from promised_at - placed_at) / 86400) as days from "order" where number = ?`, [first.number]);
    expect(Number(promise!.days)).toBe(3);
    // A replay of the same request is the same order, and no second production order.
    const replay = await api('/orders', { method: 'POST', body: first.body, headers: { 'idempotency-key': first.key } });
    expect([replay.status, replay.body.number]).toEqual([201, first.number]);
    expect(Number((await sql<{ count: string }>(`select count(*) as count from order_line_supply where order_line_id in (select ol.id from order_line ol join "order" o on o.id = ol.order_id where o.number = ?)`, [first.number]))[0]!.count)).toBe(1);

    await expect(app.core.orders.changeStatus({ number: first.number, to: 'picking', actor: staff })).rejects.toMatchObject({ code: 'invalid_transition' });
    const noList = await api('/pick-lists', { method: 'POST', body: { warehouse: 'MAIN' } });
    expect(noList.status).not.toBe(201);

    await api(`/production-orders/${mo.number}/release`, { method: 'POST' });
    expect((await report(mo.number, 2)).body.report.reservedForOrder).toBe(2);
    expect(await events('order.ready', first.number)).toBe(0);
    const last = await report(mo.number, 1);
    expect([last.body.report.reservedForOrder, last.body.productionOrder.status]).toEqual([1, 'done']);
    expect(await line(first.number)).toEqual({ reserved: 5, backordered: 0, cancelled: 0 });
    expect(await events('order.ready', first.number)).toBe(1);
    // Nothing of what was made is free: the next order of the product waits for its own production order.
    const next = await order(1);
    expect(await line(next.number)).toEqual({ reserved: 0, backordered: 1, cancelled: 0 });
    expect((await moFor(next.number)).quantityPlanned).toBe(1);
    expect(await app.core.inventory.integrityMismatches(staff)).toEqual([]);

    const picking = await app.core.orders.changeStatus({ number: first.number, to: 'picking', actor: staff });
    expect(picking.status).toBe('picking');
  });

  it('cancelling the order cancels a production order that has not started; a running one goes on unpegged, its output free, and ops hear once', async () => {
    const drafted = await order(2);
    const released = await order(3);
    await api(`/production-orders/${(await moFor(released.number)).number}/release`, { method: 'POST' });
    const running = await order(4);
    const runningMo = (await moFor(running.number)).number;
    await api(`/production-orders/${runningMo}/release`, { method: 'POST' });
    await report(runningMo, 1);

    for (const placed of [drafted, released, running]) expect((await api(`/orders/${placed.number}/cancel`, { method: 'POST', body: { reason: 'changed my mind' } })).status).toBe(200);
    expect((await moFor(drafted.number)).status).toBe('cancelled');
    const cancelled = await moFor(released.number);
    expect([cancelled.status, cancelled.components.map((c: { reserved: number }) => c.reserved)]).toEqual(['cancelled', [0, 0]]);
    expect(await events('production.detached', released.number)).toBe(0);

    const [detached] = await sql<{ supplies: string; status: string }>('select (select count(*) from order_line_supply s where s.production_order_id = mo.id) as supplies, status from production_order mo where number = ?', [runningMo]);
    expect(detached).toEqual({ supplies: '0', status: 'in_progress' });
    expect(await events('production.detached', running.number)).toBe(1);
    const before = (await sql<{ on_hand: number; reserved: number }>(`select s.on_hand, s.reserved from stock_level s join product p on p.id = s.product_id where p.sku = ?`, [GIFT]))[0]!;
    const more = await report(runningMo, 3);
    expect([more.body.report.reservedForOrder, more.body.productionOrder.status, more.body.productionOrder.orderNumber]).toEqual([0, 'done', null]);
    const after = (await sql<{ on_hand: number; reserved: number }>(`select s.on_hand, s.reserved from stock_level s join product p on p.id = s.product_id where p.sku = ?`, [GIFT]))[0]!;
    // Three more made; waiting made-to-order lines of other orders may take free units, nobody else's reservation changed otherwise.
    expect(after.on_hand).toBe(before.on_hand + 3);
    expect(await app.core.inventory.integrityMismatches(staff)).toEqual([]);
  });
});
