import { beforeAll, describe, expect, it } from 'vitest';
import { productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let auth: Record<string, string>;
const sku = (name: string) => `${name}-${process.pid}`;
const api = (path: string, init: { method?: string; body?: unknown } = {}) => request(`${app.url}/api/v1${path}`, { ...init, headers: auth });

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  for (const name of ['CHAIR', 'SEAT', 'LEG', 'OAK', 'VARNISH', 'SET']) await productWithStock(app.orm, 0, { sku: sku(name), kind: name === 'OAK' || name === 'VARNISH' ? 'material' : 'goods' });
});

describe('bills of materials (issue 22, first piece)', () => {
  it('a BOM that creates a cycle cannot be activated (422 bom_cycle naming the path); an active BOM cannot be edited; a new version archives the old', async () => {
    const chair = await api('/boms', { method: 'POST', body: { sku: sku('CHAIR'), outputQuantity: 1, lines: [{ sku: sku('SEAT'), quantity: 1 }, { sku: sku('LEG'), quantity: 4 }] } });
    expect([chair.status, chair.body.version, chair.body.status]).toEqual([201, 1, 'draft']);
    expect((await api(`/boms/${chair.body.id}/activate`, { method: 'POST' })).body.status).toBe('active');

    const seat = await api('/boms', { method: 'POST', body: { sku: sku('SEAT'), outputQuantity: 1, lines: [{ sku: sku('CHAIR'), quantity: 1 }] } });
    const loop = await api(`/boms/${seat.body.id}/activate`, { method: 'POST' });
    expect([loop.status, loop.body.error.code, loop.body.error.details.path]).toEqual([422, 'bom_cycle', [sku('SEAT'), sku('CHAIR'), sku('SEAT')]]);
    expect((await api(`/boms/${seat.body.id}`)).body.status).toBe('draft');

    const edit = await api(`/boms/${chair.body.id}`, { method: 'PATCH', body: { outputQuantity: 2 } });
    expect([edit.status, edit.body.error.code]).toEqual([409, 'invalid_transition']);
    const next = await api('/boms', { method: 'POST', body: { sku: sku('CHAIR'), outputQuantity: 2, lines: [{ sku: sku('SEAT'), quantity: 2 }, { sku: sku('LEG'), quantity: 8 }] } });
    expect(next.body.version).toBe(2);
    await api(`/boms/${next.body.id}/activate`, { method: 'POST' });
    expect([(await api(`/boms/${chair.body.id}`)).body.status, (await api(`/boms/${next.body.id}`)).body.status]).toEqual(['archived', 'active']);
    const self = await api('/boms', { method: 'POST', body: { sku: sku('LEG'), outputQuantity: 1, lines: [{ sku: sku('LEG'), quantity: 1 }] } });
    expect([self.status, self.body.error.code]).toEqual([400, 'invalid_input']);
  });

  it('requirements in whole units with scrap: a batch of 4 using 1,000 g at 5 % makes 10 with 2,625 g; levels down to the raw material', async () => {
    const leg = await api('/boms', { method: 'POST', body: { sku: sku('LEG'), outputQuantity: 4, lines: [{ sku: sku('VARNISH'), quantity: 1000, scrapBasisPoints: 500 }, { sku: sku('OAK'), quantity: 2 }] } });
    await api(`/boms/${leg.body.id}/activate`, { method: 'POST' });
    const legs = await api(`/products/${sku('LEG')}/requirements?quantity=10`);
    expect(legs.body.items).toEqual([{ sku: sku('OAK'), name: expect.any(String), quantity: 5 }, { sku: sku('VARNISH'), name: expect.any(String), quantity: 2625 }]);
    // 3 chairs (batch 2: 2 seats and 8 legs): 3 seats, 12 legs at order level; down to 3,150 g varnish and 6 oak.
    const order = await api(`/products/${sku('CHAIR')}/requirements?quantity=3`);
    expect(order.body.items.map((item: { sku: string; quantity: number }) => [item.sku, item.quantity])).toEqual([[sku('LEG'), 12], [sku('SEAT'), 3]]);
    const all = await api(`/products/${sku('CHAIR')}/requirements?quantity=3&levels=all`);
    expect(all.body.items.map((item: { sku: string; quantity: number }) => [item.sku, item.quantity])).toEqual([[sku('OAK'), 6], [sku('SEAT'), 3], [sku('VARNISH'), 3150]]);
    const bad = await api(`/products/${sku('CHAIR')}/requirements?quantity=1.5`);
    expect(bad.status).toBe(400);
  });

  it('a kit is never stocked nor made: no reorder policy, no production order', async () => {
    const kit = await api('/boms', { method: 'POST', body: { sku: sku('SET'), kind: 'kit', outputQuantity: 1, lines: [{ sku: sku('SEAT'), quantity: 1 }, { sku: sku('OAK'), quantity: 2 }] } });
    await api(`/boms/${kit.body.id}/activate`, { method: 'POST' });
    const policy = await api('/inventory/reorder-policies', { method: 'PUT', body: { sku: sku('SET'), reorderPoint: 5 } });
    expect([policy.status, policy.body.error.code]).toEqual([422, 'rule_violation']);
    const made = await api('/production-orders', { method: 'POST', body: { sku: sku('SET'), quantity: 2 } });
    expect([made.status, made.body.error.code]).toEqual([422, 'rule_violation']);
  });
});
