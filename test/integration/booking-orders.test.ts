import { beforeAll, describe, expect, it } from 'vitest';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { hourlyHolds } from '../support/bookings.ts';
import type { Actor } from '../../core/shared/actor.ts';

let app: TestApp;
let auth: Record<string, string>;
const desk: Actor = { type: 'staff', id: 'U0DESK', role: 'front_desk' };
const pid = process.pid;
const [MASSAGE, CONSULT, GLOVES] = [`MASSAGE-${pid}`, `CONSULT-${pid}`, `GLOVES-${pid}`];
const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...auth, ...init.headers } });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);
const ordersOf = (booking: string) => sql<{ number: string; status: string; total_minor: string; reserved: number; shipped: number; cancelled: number; stocked: boolean; line_total_minor: string }>(
  `select o.number, o.status, o.total_minor, l.reserved, l.shipped, l.cancelled, l.stocked, l.line_total_minor
     from "order" o join order_line l on l.order_id = o.id where o.notes like ? order by o.id`, [`Booking ${booking}:%`]);
const stockMovements = (sku: string) => sql<{ kind: string }>('select m.kind from stock_movement m join product p on p.id = m.product_id where p.sku = ?', [sku]);
let hold: (sku: string, who: string) => Promise<string>;

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  hold = hourlyHolds(app.url, auth, `R${pid}`);
  await productWithStock(app.orm, 100, { sku: GLOVES, kind: 'material' });
  // The service products have a stock row (as a service sold from stock would): a booking never touches it.
  await productWithStock(app.orm, 5, { sku: MASSAGE, kind: 'service', priceMinor: 28_800 });
  await productWithStock(app.orm, 0, { sku: CONSULT, kind: 'service', priceMinor: 50_000 });
  for (const [sku, body] of [[MASSAGE, { consumables: [{ sku: GLOVES, quantity: 2 }] }], [CONSULT, { requiresConfirmation: true }]] as const) {
    const defined = await api(`/bookable-services/${sku}`, { method: 'PUT', body: { durationMinutes: 30, minNoticeMinutes: 0, cancelNoticeMinutes: 60, ...body } });
    if (defined.status !== 200) throw new Error(JSON.stringify(defined.body));
  }
  await api('/resources', { method: 'POST', body: { code: `R${pid}`, name: 'Room 1', kind: 'room', timeZone: 'Asia/Shanghai', services: [MASSAGE, CONSULT], hours: Array.from({ length: 7 }, (_unused, weekday) => ({ weekday, start: '00:00', end: '24:00' })) } });
});

describe("a booking's order (issue 23)", () => {
  it('confirming places one confirmed order at the catalogue price with no stock behind it; confirming again places none; completing completes it', async () => {
    const number = await hold(MASSAGE, `orders-${pid}-1`);
    expect((await api(`/bookings/${number}`)).body.order).toBeNull();
    const confirmed = await api(`/bookings/${number}/confirm`, { method: 'POST' });
    const again = await api(`/bookings/${number}/confirm`, { method: 'POST' });
    expect([confirmed.body.status, confirmed.body.priceMinor, again.body.order]).toEqual(['confirmed', 28_800, confirmed.body.order]);
    expect(await ordersOf(number)).toEqual([{
      number: confirmed.body.order, status: 'confirmed', total_minor: '28800', reserved: 1, shipped: 0, cancelled: 0, stocked: false, line_total_minor: '28800',
    }]);
    const order = await api(`/orders/${confirmed.body.order}`);
    expect([order.status, order.body.order?.status ?? order.body.status]).toEqual([200, 'confirmed']);
    // The order follows its booking: not cancelled or fulfilled on its own.
    const apart = await api(`/orders/${confirmed.body.order}/cancel`, { method: 'POST', body: { reason: 'by mistake' } });
    expect([apart.status, apart.body.error.code, apart.body.error.message]).toEqual([409, 'invalid_transition', `Order ${confirmed.body.order} is a booking's: cancel or complete the booking instead`]);
    // Nothing reserved or moved for the service itself; its stock row is as it was; pick lists leave the order alone.
    expect(await stockMovements(MASSAGE)).toEqual([{ kind: 'receipt' }]);
    const picking = await app.core.fulfilment.createPickList({ orders: [confirmed.body.order], actor: { type: 'staff', id: 'U0PICK', role: 'manager' } }).catch((error: unknown) => error);
    expect(picking).toMatchObject({ code: 'rule_violation', message: expect.stringContaining('No confirmed orders to pick') });
    // The customer heard of the booking (with its order and price), not of an order besides.
    const events = await sql<{ topic: string; payload: { booking?: string } }>(`select topic, payload from outbox_event where aggregate_id = ? order by id`, [confirmed.body.order]);
    expect(events.map((event) => [event.topic, event.payload.booking])).toEqual([['order.placed', number]]);

    await api(`/bookings/${number}/check-in`, { method: 'POST' });
    expect((await api(`/bookings/${number}/complete`, { method: 'POST' })).body.status).toBe('completed');
    expect((await ordersOf(number)).map((row) => [row.status, row.reserved, row.shipped])).toEqual([['completed', 0, 1]]);
    expect(await stockMovements(MASSAGE)).toEqual([{ kind: 'receipt' }]);
    expect(await app.core.inventory.integrityMismatches(desk)).toEqual([]);
    // A booked service is not sent back.
    const customer = await sql<{ customer_id: number }>('select customer_id from booking where number = ?', [number]);
    const returned = await app.core.support.requestReturn(confirmed.body.order, 'did not like it', { type: 'customer', id: String(customer[0]!.customer_id) }).catch((error: unknown) => error);
    expect(returned).toMatchObject({ code: 'rule_violation', message: expect.stringContaining('a booked service is not returned') });
  });

  it('a cancelled booking cancels its order, a no-show too (reason no_show); a service that needs staff has no order until they confirm', async () => {
    const cancelled = await hold(MASSAGE, `orders-${pid}-2`);
    await api(`/bookings/${cancelled}/confirm`, { method: 'POST' });
    await api(`/bookings/${cancelled}/cancel`, { method: 'POST', body: { reason: 'changed plans' } });
    expect((await ordersOf(cancelled)).map((row) => [row.status, row.reserved, row.cancelled])).toEqual([['cancelled', 0, 1]]);

    const missed = await hold(MASSAGE, `orders-${pid}-3`);
    await api(`/bookings/${missed}/confirm`, { method: 'POST' });
    await sql(`update booking set start_at = now() - interval '1 hour', end_at = now() - interval '30 minutes' where number = ?`, [missed]);
    expect((await api(`/bookings/${missed}/no-show`, { method: 'POST' })).body.status).toBe('no_show');
    const [order] = await sql<{ status: string; status_reason: string }>(`select o.status, o.status_reason from "order" o join booking b on b.order_id = o.id where b.number = ?`, [missed]);
    expect(order).toEqual({ status: 'cancelled', status_reason: 'no_show' });

    const consult = await hold(CONSULT, `orders-${pid}-4`);
    expect((await api(`/bookings/${consult}/confirm`, { method: 'POST' })).body).toMatchObject({ status: 'pending_confirmation', order: null });
    expect(await ordersOf(consult)).toEqual([]);
    const approved = await app.core.bookings.approve(consult, desk);
    expect([approved.status, approved.priceMinor]).toEqual(['confirmed', 50_000]);
    expect((await ordersOf(consult)).map((row) => [row.number, row.status])).toEqual([[approved.order, 'confirmed']]);
    expect(await app.core.inventory.integrityMismatches(desk)).toEqual([]);
  });

  it('a bookable service cannot be ordered like goods: 422 booking_required, nothing written', async () => {
    const before = await sql<{ count: string }>('select count(*) from "order"');
    const placed = await api('/orders', {
      method: 'POST', headers: { 'idempotency-key': `booked-${pid}` },
      body: orderBody([{ sku: MASSAGE, quantity: 1 }]),
    });
    expect([placed.status, placed.body.error.code, placed.body.error.details.skus]).toEqual([422, 'booking_required', [MASSAGE]]);
    expect(await sql<{ count: string }>('select count(*) from "order"')).toEqual(before);
  });
});
