import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/shared/actor.ts';
import { Order } from '../../core/orders/index.ts';
import { parseBulkCsv } from '../../core/orders/bulk-entry.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let auth: Record<string, string>;
let skus: string[] = [];
let caseSku: string;
let keys = 0;

const key = () => `bulk-${process.pid}-${(keys += 1)}`;
const bulk = (csv: string) => request(`${app.url}/api/v1/orders/bulk`, {
  body: { customer: { name: 'Acme purchasing', externalId: `acme-${process.pid}` }, csv, shippingAddress: shanghai, paymentMethod: 'bank_transfer', customerPoRef: `PO-${keys}` },
  headers: { ...auth, 'Idempotency-Key': key() },
});
const orders = () => app.orm.em.fork().count(Order, {});

/** 200 rows (rows 2–201), one per product, two of them ordered by the case. */
function file(change: (rows: string[]) => void = () => {}): string {
  const rows = skus.map((sku, index) => (index === 40 ? `${caseSku},2,case` : `${sku},${(index % 5) + 1}`));
  change(rows);
  return ['sku,quantity,unit', ...rows].join('\r\n');
}

beforeAll(async () => {
  app = await startTestApp({ env: { APPROVAL_THRESHOLD_MINOR: '100000000' } });
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  for (let index = 0; index < 199; index += 1) skus.push((await productWithStock(app.orm, 50, { priceMinor: 100 })).sku);
  ({ sku: caseSku } = await productWithStock(app.orm, 500, { priceMinor: 100, name: 'Cups, case of 12' }));
  await app.core.catalog.setQuantityRule(caseSku, { minimum: 12, increment: 12, maximum: null }, systemActor);
  skus = [...skus.slice(0, 40), caseSku, ...skus.slice(40)];
});

describe('bulk orders from a CSV (issue 21)', () => {
  it('200 rows with bad rows 17 and 52: 422 naming exactly those rows, nothing placed; the fixed file is one order of 200 lines', async () => {
    const before = await orders();
    const broken = await bulk(file((rows) => {
      rows[15] = 'NO-SUCH-SKU,3';             // row 17 (the header is row 1)
      rows[50] = `${caseSku},30`;              // row 52: 30 of a case of 12
      rows[40] = `${skus[60]},1`;              // keeps row 42 harmless: the case SKU only on row 52
    }));
    expect(broken.status).toBe(422);
    expect(broken.body.error.code).toBe('invalid_rows');
    expect(broken.body.error.details.rows.map((row: { row: number; code: string }) => [row.row, row.code])).toEqual([[17, 'unknown_product'], [52, 'quantity_rule']]);
    expect(broken.body.error.details.rows[1]).toMatchObject({ sku: caseSku, nearest: [24, 36] });
    expect(await orders()).toBe(before);

    const placed = await bulk(file());
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.lines).toHaveLength(200);
    expect(placed.body.lines.find((line: { sku: string }) => line.sku === caseSku)).toMatchObject({ quantity: 24 });
    expect(placed.body.merged).toEqual([]);
    expect(await orders()).toBe(before + 1);
  });

  it('a repeated SKU is merged with a warning; the check alone places nothing and names the same rows', async () => {
    const csv = `sku;quantity\n${skus[0]};2\n\n${skus[1]};1\n${skus[0]};3\n`;
    const checked = await request(`${app.url}/api/v1/orders/validate`, { body: { csv, shippingAddress: shanghai }, headers: auth });
    expect(checked.status).toBe(200);
    expect(checked.body.lines).toEqual([{ sku: skus[0], productId: expect.any(Number), quantity: 5, rows: [2, 5] }, { sku: skus[1], productId: expect.any(Number), quantity: 1, rows: [4] }]);
    expect(checked.body.merged).toEqual([{ sku: skus[0], rows: [2, 5] }]);
    expect(checked.body.quote.subtotalMinor).toBe(600);
    const bad = await request(`${app.url}/api/v1/orders/validate`, { body: { csv: 'sku,quantity\nTEA,1.5\nTEA,abc\n,2\nTEA,0\n' }, headers: auth });
    expect(bad.body.error.details.rows.map((row: { row: number; code: string }) => [row.row, row.code])).toEqual([[2, 'invalid_quantity'], [3, 'invalid_quantity'], [4, 'invalid_row'], [5, 'invalid_quantity']]);
  });

  it('501 rows or more than 1 MiB is 413, text that is not UTF-8 is 400, a file without the header is 400: never a 500', async () => {
    const tooMany = await bulk(['sku,quantity', ...Array.from({ length: 501 }, () => `${skus[0]},1`)].join('\n'));
    expect([tooMany.status, tooMany.body.error.code]).toEqual([413, 'payload_too_large']);
    const tooBig = await bulk(`sku,quantity\n${`${skus[0]},1\n`.repeat(1)}${'#'.repeat(1_100_000)}`);
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'payload_too_large']);
    const latin1 = Buffer.concat([Buffer.from('{"customer":{"name":"x"},"shippingAddress":{"line1":"1 Road","city":"Shanghai","country":"CN"},"paymentMethod":"bank_transfer","csv":"sku,quantity\\nCAF'), Buffer.from([0xe9]), Buffer.from(',1\\n"}')]);
    const response = await fetch(`${app.url}/api/v1/orders/bulk`, { method: 'POST', body: latin1, headers: { ...auth, 'content-type': 'application/json', 'Idempotency-Key': key() } });
    expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([400, 'invalid_input']);
    const headless = await bulk(`${skus[0]},1\n`);
    expect([headless.status, headless.body.error.code]).toEqual([400, 'invalid_input']);
  });

  it('the reader alone: BOM, quotes, semicolons, blank lines and row numbers as a spreadsheet shows them', () => {
    expect(parseBulkCsv('\uFEFFSKU;Quantity;Unit\r\n"TEA-1";"2";case\r\n\r\nTEA-2;1;\r\n')).toEqual({
      rows: [{ row: 2, sku: 'TEA-1', quantity: 2, unit: 'case' }, { row: 4, sku: 'TEA-2', quantity: 1, unit: 'unit' }], problems: [],
    });
  });
});
