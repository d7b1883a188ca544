import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/shared/actor.ts';
import { Order } from '../../core/orders/index.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let admin: Record<string, string>;
let keys = 0;
let tea: string;
let cups: string;

const key = () => `wholesale-${process.pid}-${(keys += 1)}`;
const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...admin, ...init.headers } });

/** An account with one member (on Telegram) and that member's API key. */
async function accountWithMember(code: string, role: 'admin' | 'buyer' | 'viewer', extra: Record<string, unknown> = {}) {
  expect((await api('/accounts', { method: 'POST', body: { code, name: `${code} Ltd`, currency: 'CNY', ...extra } })).status).toBe(201);
  const added = await api(`/accounts/${code}/members`, { method: 'POST', body: { channel: 'telegram', externalId: `${code}-${role}-${process.pid}`, name: `${role} of ${code}`, role } });
  expect(added.status).toBe(201);
  const member = added.body.members.at(-1);
  const issued = await api(`/accounts/${code}/members/${member.id}/api-keys`, { method: 'POST' });
  expect(issued.status).toBe(201);
  return { member, auth: { authorization: `Bearer ${issued.body.key}` } };
}

const unit = (body: { lines: Array<{ sku: string; unitPriceMinor: number }> }, sku: string) => body.lines.find((line) => line.sku === sku)!.unitPriceMinor;

const memberOrder = (auth: Record<string, string>, lines: Array<{ sku: string; quantity: number }>, extra: Record<string, unknown> = {}) =>
  request(`${app.url}/api/v1/orders`, { body: { ...orderBody(lines), ...extra }, headers: { ...auth, 'Idempotency-Key': key() } });

beforeAll(async () => {
  app = await startTestApp({ env: { APPROVAL_THRESHOLD_MINOR: '100000000' } });
  admin = { authorization: `Bearer ${await app.apiKey()}` };
  ({ sku: tea } = await productWithStock(app.orm, 1000, { priceMinor: 1000, category: 'drinks/tea' }));
  ({ sku: cups } = await productWithStock(app.orm, 1000, { priceMinor: 2000, category: 'drinkware' }));
  const lists = [
    ['/price-lists', { code: `BASE-${process.pid}`, name: 'Wholesale base', currency: 'CNY' }],
    [`/price-lists/BASE-${process.pid}/items`, { sku: cups, minQuantity: 1, unitPriceMinor: 1800 }],
    ['/price-lists', { code: `A-${process.pid}`, name: 'Wholesale A', currency: 'CNY', parent: `BASE-${process.pid}` }],
    [`/price-lists/A-${process.pid}/items`, { sku: tea, minQuantity: 12, unitPriceMinor: 900 }],
    [`/price-lists/A-${process.pid}/items`, { sku: tea, minQuantity: 48, unitPriceMinor: 800 }],
    [`/price-lists/A-${process.pid}/items`, { category: 'drinks', minQuantity: 1, discountBasisPoints: 500 }],
  ] as const;
  for (const [path, body] of lists) {
    const answer = await api(path, { method: path.endsWith('items') ? 'PUT' : 'POST', body });
    if (answer.status >= 300) throw new Error(`set-up ${path}: ${JSON.stringify(answer.body)}`);
  }
});

describe('company accounts and price lists (issue 21)', () => {
  it('tiers apply to all units and are frozen on the order: 12 → 9.00, 48 → 8.00 each, 5 → the category rule −5 %; the parent list prices what the list lacks', async () => {
    const { auth } = await accountWithMember(`ACME-${process.pid}`, 'buyer', { priceList: `A-${process.pid}` });
    const prices = await request(`${app.url}/api/v1/accounts/ACME-${process.pid}/prices?sku=${tea},${cups}`, { headers: auth });
    expect(prices.status).toBe(200);
    expect(prices.body.items.find((each: { sku: string }) => each.sku === tea).tiers).toEqual([
      { fromQuantity: 1, unitPriceMinor: 950 }, { fromQuantity: 12, unitPriceMinor: 900 }, { fromQuantity: 48, unitPriceMinor: 800 },
    ]);

    const order = await memberOrder(auth, [{ sku: tea, quantity: 12 }, { sku: cups, quantity: 2 }], { customerPoRef: 'PO-7781' });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect([unit(order.body, tea), unit(order.body, cups)]).toEqual([900, 1800]);
    expect(order.body).toMatchObject({ account: `ACME-${process.pid}`, customerPoRef: 'PO-7781', paymentTerms: 'prepaid', subtotalMinor: 12 * 900 + 2 * 1800 });
    const big = await memberOrder(auth, [{ sku: tea, quantity: 48 }]);
    expect(big.body.lines[0]).toMatchObject({ quantity: 48, unitPriceMinor: 800, lineTotalMinor: 48 * 800 });
    expect(unit((await memberOrder(auth, [{ sku: tea, quantity: 5 }])).body, tea)).toBe(950);

    // A later list change never reprices what was placed.
    expect((await api(`/price-lists/A-${process.pid}/items`, { method: 'PUT', body: { sku: tea, minQuantity: 12, unitPriceMinor: 500 } })).status).toBe(200);
    const again = await request(`${app.url}/api/v1/orders/${order.body.number}`, { headers: auth });
    expect(unit(again.body, tea)).toBe(900);
    expect(unit((await memberOrder(auth, [{ sku: tea, quantity: 12 }])).body, tea)).toBe(500);
  });

  it('an expected price from the catalogue is refused for a buyer whose list says otherwise; the list price is accepted', async () => {
    const { auth } = await accountWithMember(`BETA-${process.pid}`, 'buyer', { priceList: `A-${process.pid}` });
    const stale = await memberOrder(auth, [{ sku: cups, quantity: 1, expectedPriceMinor: 2000 } as never]);
    expect([stale.status, stale.body.error.code]).toEqual([409, 'price_mismatch']);
    expect((await memberOrder(auth, [{ sku: cups, quantity: 1, expectedPriceMinor: 1800 } as never])).status).toBe(201);
  });

  it('isolation: a member of account A sees nothing of account B (404); a viewer cannot order (403) and nothing is written', async () => {
    const a = await accountWithMember(`ISO-A-${process.pid}`, 'admin');
    const b = await accountWithMember(`ISO-B-${process.pid}`, 'buyer', { priceList: `A-${process.pid}` });
    const viewer = await accountWithMember(`ISO-V-${process.pid}`, 'viewer');
    const placedByB = await memberOrder(b.auth, [{ sku: tea, quantity: 1 }]);
    expect(placedByB.status).toBe(201);

    const orderOfB = await request(`${app.url}/api/v1/orders/${placedByB.body.number}`, { headers: a.auth });
    expect([orderOfB.status, orderOfB.body.error.code]).toEqual([404, 'not_found']);
    expect((await request(`${app.url}/api/v1/accounts/ISO-B-${process.pid}`, { headers: a.auth })).status).toBe(404);
    expect((await request(`${app.url}/api/v1/accounts/ISO-B-${process.pid}/prices?sku=${tea}`, { headers: a.auth })).status).toBe(404);
    expect((await request(`${app.url}/api/v1/orders`, { headers: a.auth })).body.items).toEqual([]);
    // A buyer of A orders: A's admin sees it (their company's orders), B's buyer does not.
    const added = await api(`/accounts/ISO-A-${process.pid}/members`, { method: 'POST', body: { channel: 'email', externalId: `a-buyer-${process.pid}@example.com`, name: 'A buyer', role: 'buyer' } });
    const aBuyer = { authorization: `Bearer ${(await api(`/accounts/ISO-A-${process.pid}/members/${added.body.members.at(-1).id}/api-keys`, { method: 'POST' })).body.key}` };
    const placedByA = await memberOrder(aBuyer, [{ sku: tea, quantity: 2 }]);
    expect((await request(`${app.url}/api/v1/orders`, { headers: a.auth })).body.items.map((item: { number: string }) => item.number)).toEqual([placedByA.body.number]);
    expect((await request(`${app.url}/api/v1/orders/${placedByA.body.number}`, { headers: a.auth })).status).toBe(200);
    expect((await request(`${app.url}/api/v1/orders/${placedByA.body.number}`, { headers: b.auth })).status).toBe(404);
    expect((await request(`${app.url}/api/v1/orders`, { headers: aBuyer })).body.items).toHaveLength(1);
    expect((await request(`${app.url}/api/v1/accounts/ISO-A-${process.pid}`, { headers: a.auth })).status).toBe(200);
    // A member's key is a customer's: staff operations are refused.
    expect((await request(`${app.url}/api/v1/orders/${placedByB.body.number}/approve`, { method: 'POST', headers: a.auth })).status).toBe(403);

    const before = await app.orm.em.fork().count(Order, {});
    const refused = await memberOrder(viewer.auth, [{ sku: tea, quantity: 1 }]);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect(await app.orm.em.fork().count(Order, {})).toBe(before);
  });

  it('configuration is checked: credit terms need a limit, a list of another currency or an unknown one is refused, a grandparent is refused', async () => {
    const noLimit = await api('/accounts', { method: 'POST', body: { code: `NOLIM-${process.pid}`, name: 'No limit', currency: 'CNY', paymentTerms: 'net_30' } });
    expect([noLimit.status, noLimit.body.error.code]).toEqual([400, 'invalid_input']);
    const unknownList = await api('/accounts', { method: 'POST', body: { code: `NOLIST-${process.pid}`, name: 'x', currency: 'CNY', priceList: 'NOPE' } });
    expect(unknownList.status).toBe(404);
    const grandchild = await api('/price-lists', { method: 'POST', body: { code: `GC-${process.pid}`, name: 'x', currency: 'CNY', parent: `A-${process.pid}` } });
    expect([grandchild.status, grandchild.body.error.code]).toEqual([400, 'invalid_input']);
    const { sku: dollars } = await productWithStock(app.orm, 0, { currency: 'USD' });
    const usd = await api(`/price-lists/A-${process.pid}/items`, { method: 'PUT', body: { sku: dollars, minQuantity: 1, unitPriceMinor: 100 } });
    expect([usd.status, usd.body.error.message]).toEqual([400, `${dollars} is sold in USD; list A-${process.pid} is in CNY`]);
    const neither = await api(`/price-lists/A-${process.pid}/items`, { method: 'PUT', body: { sku: tea, minQuantity: 1 } });
    expect([neither.status, neither.body.error.code]).toEqual([400, 'invalid_input']);
    await app.core.catalog.setQuantityRule(cups, { minimum: 12, increment: 12, maximum: null }, systemActor);
    const breakOffCase = await api(`/price-lists/A-${process.pid}/items`, { method: 'PUT', body: { sku: cups, minQuantity: 30, unitPriceMinor: 1500 } });
    expect([breakOffCase.status, breakOffCase.body.error.code]).toEqual([422, 'quantity_rule']);
    await app.core.catalog.setQuantityRule(cups, null, systemActor);
  });
});
