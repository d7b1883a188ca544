import { beforeAll, describe, expect, it } from 'vitest';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { stockOf } from '../support/inspect.ts';

let app: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
});

const api = (path: string, init: { method?: string; body?: unknown } = {}) => request(`${app.url}/api/v1${path}`, { ...init, headers: auth });

describe('products API', () => {
  it('creates, reads, lists and patches a bilingual product', async () => {
    const created = await api('/products', { body: { sku: 'GREEN-TEA-1', name: 'Green tea', nameZh: '绿茶', priceMinor: 3800, currency: 'CNY', barcode: '6901234567892', weightGrams: 250 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: 'GREEN-TEA-1', name: 'Green tea', nameZh: '绿茶', priceMinor: 3800, kind: 'goods', active: true });
    expect((await api('/products/GREEN-TEA-1')).body.nameZh).toBe('绿茶');
    expect((await api('/products')).body.items.map((p: { sku: string }) => p.sku)).toContain('GREEN-TEA-1');
    const patched = await api('/products/GREEN-TEA-1', { method: 'PATCH', body: { priceMinor: 4200, active: false } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ priceMinor: 4200, active: false });
    expect((await api('/products?active=true')).body.items.map((p: { sku: string }) => p.sku)).not.toContain('GREEN-TEA-1');
  });

  it('refuses duplicates, unknown SKUs and bad fields with the JSON error shape', async () => {
    await api('/products', { body: { sku: 'DUP-1', name: 'One', priceMinor: 100, currency: 'CNY' } });
    const duplicate = await api('/products', { body: { sku: 'DUP-1', name: 'Again', priceMinor: 100, currency: 'CNY' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('already_exists');
    expect((await api('/products/NOPE')).status).toBe(404);
    const floatPrice = await api('/products', { body: { sku: 'F-1', name: 'Float', priceMinor: 9.99, currency: 'CNY' } });
    expect(floatPrice.status).toBe(400);
    expect(floatPrice.body.error.details.issues[0].path).toBe('priceMinor');
    expect((await api('/products', { body: { sku: 'F-2', name: 'Bad currency', priceMinor: 1, currency: 'yuan' } })).status).toBe(400);
    expect((await api('/products/DUP-1', { method: 'PATCH', body: {} })).status).toBe(400);
    expect((await api('/products/DUP-1', { method: 'PATCH', body: { sku: 'OTHER' } })).status).toBe(400);
  });
});

describe('inventory API', () => {
  it('receipts raise on-hand through the ledger and GET /inventory reports it per warehouse', async () => {
    await api('/products', { body: { sku: 'RICE-5KG', name: 'Rice 5 kg', priceMinor: 4500, currency: 'CNY' } });
    const receipt = await api('/inventory/receipts', { body: { lines: [{ sku: 'RICE-5KG', quantity: 30 }, { sku: 'RICE-5KG', quantity: 12 }] } });
    expect(receipt.status).toBe(201);
    expect(receipt.body.items).toEqual([{ warehouse: 'MAIN', sku: 'RICE-5KG', onHand: 42, reserved: 0, available: 42 }]);
    expect((await api('/inventory?sku=RICE-5KG')).body.items).toEqual([{ warehouse: 'MAIN', sku: 'RICE-5KG', onHand: 42, reserved: 0, available: 42 }]);
    expect(await stockOf(app.orm, 'RICE-5KG')).toEqual({ onHand: 42, reserved: 0, ledgerOnHand: 42, ledgerReserved: 0 });
    const audit = await app.orm.em.getConnection().execute("select action, actor_type, before, after from audit_entry where entity_id = 'MAIN/RICE-5KG'");
    expect(audit).toEqual([{ action: 'stock.received', actor_type: 'api_key', before: { onHand: 0 }, after: expect.objectContaining({ onHand: 42 }) }]);
  });

  it('a receipt with an unknown SKU or warehouse writes nothing', async () => {
    await api('/products', { body: { sku: 'SALT-1', name: 'Salt', priceMinor: 300, currency: 'CNY' } });
    const unknownSku = await api('/inventory/receipts', { body: { lines: [{ sku: 'SALT-1', quantity: 5 }, { sku: 'GHOST', quantity: 1 }] } });
    expect(unknownSku.status).toBe(404);
    const unknownWarehouse = await api('/inventory/receipts', { body: { warehouse: 'MARS', lines: [{ sku: 'SALT-1', quantity: 5 }] } });
    expect(unknownWarehouse.status).toBe(404);
    expect((await api('/inventory?sku=SALT-1')).body.items).toEqual([]);
    expect((await api('/inventory/receipts', { body: { lines: [{ sku: 'SALT-1', quantity: -5 }] } })).status).toBe(400);
  });
});

describe('OpenAPI document', () => {
  it('is public, OpenAPI 3.1, and generated from the request schemas', async () => {
    const document = await request(`${app.url}/api/v1/openapi.json`);
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    const orderBody = document.body.paths['/orders'].post.requestBody.content['application/json'].schema;
    expect(orderBody.required).toEqual(expect.arrayContaining(['customer', 'lines', 'paymentMethod']));
    expect(orderBody.properties.lines.maxItems).toBe(500);
    expect(orderBody.properties.lines.items.properties.quantity).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/products', '/products/{sku}', '/inventory', '/inventory/receipts', '/orders', '/orders/{number}', '/orders/{number}/cancel']));
  });
});
