import { beforeAll, describe, expect, it } from 'vitest';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { stockOf } from '../support/inspect.ts';
import { statementRecorder } from '../support/statement-recorder.ts';

const recorder = statementRecorder();

let app: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
});

/** Places an order over REST and returns the statements it took. */
async function statementsOf(body: Record<string, unknown>, key: string): Promise<{ status: number; statements: string[] }> {
  const { result, statements } = await recorder.during(() => request(`${app.url}/api/v1/orders`, { body, headers: { ...auth, 'Idempotency-Key': key } }));
  return { status: result.status, statements };
}

const isWrite = (statement: string) => /^\s*(insert|update|delete)\b|place_order|post_stock_movements|nextval/i.test(statement);

describe('order intake in a few statements', () => {
  it('a returning customer\'s 3-line order takes at most 3 round trips and 10 statements; stock is reserved by the last one', async () => {
    const skus = await Promise.all([1, 2, 3].map(async () => (await productWithStock(app.orm, 50)).sku));
    const customer = { externalId: 'returning-buyer', name: 'Returning Buyer' };
    const lines = skus.map((sku) => ({ sku, quantity: 2 }));
    // The first order creates the customer and warms the API key cache.
    expect((await statementsOf({ ...orderBody(lines), customer }, 'intake-first-0001')).status).toBe(201);

    const { status, statements } = await statementsOf({ ...orderBody(lines.map((line) => ({ ...line, quantity: 1 }))), customer }, 'intake-second-0001');
    expect(status).toBe(201);
    expect(statements.length).toBeLessThanOrEqual(3);
    expect(statements.length).toBeLessThanOrEqual(10);
    // One read, then one write that reserves and inserts everything; nothing runs after it, so no
    // stock row stays locked across a round trip.
    expect(statements.map((statement) => (isWrite(statement) ? 'write' : 'read'))).toEqual(['read', 'write']);
    expect(statements.at(-1)).toMatch(/select place_order\(\$1::jsonb\)/);
    expect(statements.filter((statement) => /^\s*(begin|commit|savepoint)/i.test(statement))).toEqual([]);
    for (const sku of skus) expect(await stockOf(app.orm, sku)).toEqual({ onHand: 50, reserved: 3, ledgerOnHand: 50, ledgerReserved: 3 });
  });

  it('the shortfall of a sold-out SKU is refused from the read alone: one statement, no write', async () => {
    const { sku } = await productWithStock(app.orm, 0);
    const { status, statements } = await statementsOf(orderBody([{ sku, quantity: 1 }]), 'intake-sold-out-0001');
    expect(status).toBe(409);
    expect(statements).toHaveLength(1);
    expect(statements.filter(isWrite)).toEqual([]);
  });

  it('orders refused by place_order (ten buyers racing for the last unit) keep their pooled connections', async () => {
    const { sku } = await productWithStock(app.orm, 1);
    const pool = await app.orm.em.getConnection().getNativeClient();
    let removed = 0;
    const onRemove = () => { removed += 1; };
    pool.on('remove', onRemove);
    try {
      const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        request(`${app.url}/api/v1/orders`, { body: orderBody([{ sku, quantity: 1 }], { externalId: `racer-${i}` }), headers: { ...auth, 'Idempotency-Key': `intake-race-${i}` } }).then((response) => response.status)));
      expect(statuses.toSorted()).toEqual([201, ...Array(9).fill(409)]);
      expect(removed).toBe(0);
    } finally {
      pool.off('remove', onRemove);
    }
  });
});
