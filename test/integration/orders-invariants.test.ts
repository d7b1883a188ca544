import { beforeAll, describe, expect, it } from 'vitest';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { countRows, stockOf } from '../support/inspect.ts';
import { bodyLimitBytes } from '../../bots/http/app.ts';

let app: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  // 200 buyers at once on a pool of 10 queue for connections; this file proves the invariants
  // (no oversell, one order per key), so it gives the queue time instead of answering 503.
  app = await startTestApp({ env: { DB_ACQUIRE_TIMEOUT_MS: '30000' } });
  auth = { authorization: `Bearer ${await app.apiKey()}` };
});

const post = (body: unknown, key: string, extra: { rawBody?: string; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1/orders`, { body, ...extra, headers: { ...auth, 'Idempotency-Key': key, ...extra.headers } });

describe('no overselling', () => {
  it('200 concurrent orders for a SKU with 50 units: exactly 50 succeed, 150 get 409 insufficient_stock', async () => {
    const { sku } = await productWithStock(app.orm, 50);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => post(orderBody([{ sku, quantity: 1 }]), `race-${process.pid}-${i}`)));
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(50);
    expect(statuses.filter((status) => status === 409)).toHaveLength(150);
    expect(results.filter((result) => result.status === 409).every((result) => result.body.error.code === 'insufficient_stock')).toBe(true);
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.number)).size).toBe(50);
    // on_hand unchanged, reserved == 50, and the ledger agrees with both.
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 50, reserved: 50, ledgerOnHand: 50, ledgerReserved: 50 });
  });
});

describe('idempotency', () => {
  it('one Idempotency-Key sent 20 times concurrently: exactly one order, 20 identical responses', async () => {
    const { sku } = await productWithStock(app.orm, 100);
    const body = orderBody([{ sku, quantity: 2 }]);
    const key = `same-key-${process.pid}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => post(body, key)));
    expect(results.map((result) => result.status)).toEqual(Array(20).fill(201));
    const bodies = new Set(results.map((result) => JSON.stringify(result.body)));
    expect(bodies.size).toBe(1);
    expect(results.filter((result) => result.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const orders = await app.orm.em.getConnection().execute('select number from "order" o join order_line l on l.order_id = o.id where l.sku = ?', [sku]);
    expect(orders).toHaveLength(1);
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 2, ledgerReserved: 2 });
  });
});

describe('bad input changes nothing', () => {
  it('every malformed or unauthorised request is a 4xx with the JSON error shape and writes no rows', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const valid = orderBody([{ sku, quantity: 1 }]);
    const before = await countRows(app.orm);
    const cases: Array<[string, Promise<{ status: number; body: any }>, number, string]> = [
      ['malformed JSON', post(undefined, 'bad-request-1', { rawBody: '{"customer": {' }), 400, 'invalid_input'],
      ['wrong types', post({ ...valid, lines: [{ sku, quantity: '2' }] }, 'bad-request-2'), 400, 'invalid_input'],
      ['negative quantity', post({ ...valid, lines: [{ sku, quantity: -1 }] }, 'bad-request-3'), 400, 'invalid_input'],
      ['fractional quantity', post({ ...valid, lines: [{ sku, quantity: 1.5 }] }, 'bad-request-4'), 400, 'invalid_input'],
      ['zero quantity', post({ ...valid, lines: [{ sku, quantity: 0 }] }, 'bad-request-5'), 400, 'invalid_input'],
      ['1,000 lines', post({ ...valid, lines: Array.from({ length: 1000 }, () => ({ sku, quantity: 1 })) }, 'bad-request-6'), 400, 'invalid_input'],
      ['a 2 MB body', post(undefined, 'bad-request-7', { rawBody: JSON.stringify({ ...valid, notes: 'x'.repeat(2 * 1024 * 1024) }) }), 413, 'payload_too_large'],
      ['unknown SKU', post({ ...valid, lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }, 'bad-request-8'), 422, 'unknown_product'],
      ['unknown field', post({ ...valid, discount: 100 }, 'bad-request-9'), 400, 'invalid_input'],
      ['missing Idempotency-Key', request(`${app.url}/api/v1/orders`, { body: valid, headers: auth }), 400, 'invalid_input'],
      ['missing API key', request(`${app.url}/api/v1/orders`, { body: valid, headers: { 'Idempotency-Key': 'bad-10-key' } }), 401, 'unauthenticated'],
      ['wrong API key', request(`${app.url}/api/v1/orders`, { body: valid, headers: { authorization: 'Bearer oc_nope', 'Idempotency-Key': 'bad-11-key' } }), 401, 'unauthenticated'],
      ['array body', post([valid], 'bad-request-12'), 400, 'invalid_input'],
      ['bad payment method', post({ ...valid, paymentMethod: 'iou' }, 'bad-request-13'), 400, 'invalid_input'],
    ];
    for (const [name, pending, status, code] of cases) {
      const result = await pending;
      expect(result.status, name).toBe(status);
      expect(result.body, name).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
    }
    expect(bodyLimitBytes).toBeLessThan(2 * 1024 * 1024);
    expect(await countRows(app.orm)).toEqual(before);
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 0 });
  });
});

describe('cancellation', () => {
  it('releases the reservation exactly once, also when two cancels race', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const placed = await post(orderBody([{ sku, quantity: 4 }]), `cancel-${process.pid}`);
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 4 });
    const url = `${app.url}/api/v1/orders/${placed.body.number}/cancel`;
    const [a, b] = await Promise.all([
      request(url, { body: { reason: 'changed my mind' }, headers: auth }),
      request(url, { body: { reason: 'changed my mind' }, headers: auth }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.code).toBe('invalid_transition');
    expect([a, b].find((r) => r.status === 200)!.body).toMatchObject({ status: 'cancelled', statusReason: 'changed my mind' });
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 10, reserved: 0, ledgerOnHand: 10, ledgerReserved: 0 });
    const releases = await app.orm.em.getConnection().execute("select reserved_delta from stock_movement where reference = ? and kind = 'release'", [placed.body.number]);
    expect(releases).toEqual([{ reserved_delta: -4 }]);
  });

  it('cancelling a shipped order is 409 invalid_transition and changes nothing', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const placed = await post(orderBody([{ sku, quantity: 2 }]), `ship-${process.pid}`);
    const staff = { type: 'staff' as const, id: 'U_PACKER', role: 'agent' as const };
    for (const to of ['picking', 'packed', 'shipped'] as const) await app.core.orders.changeStatus({ number: placed.body.number, to, actor: staff });
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 8, reserved: 0, ledgerOnHand: 8, ledgerReserved: 0 });
    const cancel = await request(`${app.url}/api/v1/orders/${placed.body.number}/cancel`, { body: {}, headers: auth });
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toMatchObject({ code: 'invalid_transition', details: { from: 'shipped', to: 'cancelled' } });
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 8, reserved: 0, ledgerOnHand: 8, ledgerReserved: 0 });
  });
});

describe('audit log', () => {
  it('holds one entry per change, with the actor', async () => {
    const { sku } = await productWithStock(app.orm, 10, { priceMinor: 600_000 });
    const placed = await post(orderBody([{ sku, quantity: 1 }]), `audit-${process.pid}`);
    expect(placed.body.status).toBe('pending_approval');
    await app.core.orders.approveOrder(placed.body.number, { type: 'staff', id: 'U_MANAGER', role: 'manager' });
    await app.core.orders.changeStatus({ number: placed.body.number, to: 'picking', actor: { type: 'system' } });
    await app.core.orders.cancelOrder(placed.body.number, { type: 'staff', id: 'U_MANAGER', role: 'manager' }, 'customer called');
    const entries = await app.orm.em.getConnection().execute<{ action: string; actor_type: string; actor_id: string | null; before: unknown; after: unknown }[]>(
      'select action, actor_type, actor_id, before, after from audit_entry where entity_id = ? order by id', [placed.body.number]);
    expect(entries).toEqual([
      { action: 'order.placed', actor_type: 'api_key', actor_id: expect.any(String), before: null, after: expect.objectContaining({ status: 'pending_approval' }) },
      { action: 'order.confirmed', actor_type: 'staff', actor_id: 'U_MANAGER', before: { status: 'pending_approval' }, after: { status: 'confirmed', reason: null } },
      { action: 'order.picking', actor_type: 'system', actor_id: null, before: { status: 'confirmed' }, after: { status: 'picking', reason: null } },
      { action: 'order.cancelled', actor_type: 'staff', actor_id: 'U_MANAGER', before: { status: 'picking' }, after: { status: 'cancelled', reason: 'customer called' } },
    ]);
    const topics = await app.orm.em.getConnection().execute<{ topic: string }[]>('select topic from outbox_event where aggregate_id = ? order by id', [placed.body.number]);
    expect(topics.map((t) => t.topic)).toEqual(['order.approval_requested', 'order.approved', 'order.status_changed', 'order.cancelled']);
    const movements = await app.orm.em.getConnection().execute<{ kind: string; actor_type: string }[]>('select kind, actor_type from stock_movement where reference = ? order by id', [placed.body.number]);
    expect(movements).toEqual([{ kind: 'reservation', actor_type: 'api_key' }, { kind: 'release', actor_type: 'staff' }]);
  });
});
