import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { stockOf } from '../support/inspect.ts';

/**
 * Every statement any PostgreSQL connection of this process sends while `recording` is on: a
 * driver hook on pg's Client, which both the ORM and the hot paths use. Each is one network
 * round trip (pg sends a statement only once the previous one answered).
 */
const sent: string[] = [];
let recording = false;
const originalQuery = Client.prototype.query;

/**
 * The relay's wake-up (`pg_notify('outbox')`) goes out after a commit, on a connection of its
 * own and off the request's path, at most every 50 ms: it is not one of the order's statements.
 */
const isWakeUp = (text: string) => text.includes("pg_notify('outbox'");

function record(this: Client, config: unknown, ...rest: unknown[]): unknown {
  const text = typeof config === 'string' ? config : String((config as { text?: unknown }).text ?? config);
  if (recording && !isWakeUp(text)) sent.push(text);
  return (originalQuery as (...args: unknown[]) => unknown).call(this, config, ...rest);
}

beforeAll(() => {
  Client.prototype.query = record as typeof Client.prototype.query;
  return () => {
    Client.prototype.query = originalQuery;
  };
});

afterEach(() => {
  recording = false;
  sent.length = 0;
});

let app: TestApp;
let auth: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
});

/** Places an order over REST and returns the statements it took. */
async function statementsOf(body: Record<string, unknown>, key: string): Promise<{ status: number; statements: string[] }> {
  sent.length = 0;
  recording = true;
  const response = await request(`${app.url}/api/v1/orders`, { body, headers: { ...auth, 'Idempotency-Key': key } });
  recording = false;
  return { status: response.status, statements: [...sent] };
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
});
