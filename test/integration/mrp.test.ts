import { beforeAll, describe, expect, it } from 'vitest';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import type { Actor } from '../../core/shared/actor.ts';
import { digestExceptions } from '../../bots/reports/digest.blocks.ts';

const manager: Actor = { type: 'staff', id: 'U0PLANNER', role: 'manager' };

let app: TestApp;
let auth: Record<string, string>;
const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...auth, ...init.headers } });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);

const FG = `FG-${process.pid}`;
const TEA = `TEA-${process.pid}`;
const BOX = `BOX-${process.pid}`;
const day = 86_400_000;
let openMo = '';

interface Suggestion { id: number; sku: string; action: string; quantity: number; needBy: string; startBy: string; late: boolean; supplier: string | null; status: string; convertedTo: string | null; pegging: unknown[] }
const run = async (): Promise<Suggestion[]> => {
  const planned = await api('/mrp/runs', { method: 'POST' });
  expect(planned.status).toBe(201);
  return planned.body.suggestions;
};
const of = (plan: Suggestion[], sku: string) => plan.filter((each) => each.sku === sku);
const content = (plan: Suggestion[]) => plan.map(({ id: _id, ...rest }) => ({ ...rest, runId: undefined }));

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await productWithStock(app.orm, 20, { sku: FG, allowBackorder: true });
  await productWithStock(app.orm, 5000, { sku: TEA, kind: 'material' });
  await productWithStock(app.orm, 100, { sku: BOX, kind: 'material' });
  await api('/suppliers', { method: 'POST', body: { code: `TEA-CO-${process.pid}`, name: 'Tea Co', leadTimeDays: 14 } });
  await api('/inventory/reorder-policies', { method: 'PUT', body: { sku: TEA, reorderPoint: 0, supplier: `TEA-CO-${process.pid}`, orderMultiple: 2000 } });
  // A batch of 10 takes 1,000 g of tea (5 % lost) and 10 boxes, and 3 days.
  const bom = await api('/boms', { method: 'POST', body: { sku: FG, outputQuantity: 10, produceDays: 3, lines: [{ sku: TEA, quantity: 1000, scrapBasisPoints: 500 }, { sku: BOX, quantity: 10 }] } });
  await api(`/boms/${bom.body.id}/activate`, { method: 'POST' });
  // Demand: an order for 120 (20 reserved from stock, 100 wait). Supply: a released production order for 30, 1,000 g of tea on order.
  const placed = await api('/orders', { method: 'POST', body: orderBody([{ sku: FG, quantity: 120 }]), headers: { 'idempotency-key': `mrp-order-${process.pid}` } });
  if (placed.status !== 201) throw new Error(JSON.stringify(placed.body));
  openMo = (await api('/production-orders', { method: 'POST', body: { sku: FG, quantity: 30 } })).body.number;
  await api(`/production-orders/${openMo}/release`, { method: 'POST' });
  await api('/purchase-orders', { method: 'POST', body: { supplier: `TEA-CO-${process.pid}`, lines: [{ sku: TEA, quantity: 1000 }] } });
});

describe('material planning (issue 22)', () => {
  it('nets demand against free stock and open orders down the BOM, with lead-time offsets and late flags; a re-run gives the same suggestions and supersedes the first', async () => {
    const first = await run();
    // Finished goods: 100 wait, 30 coming: make 70 (whole batches), to start 3 days before they are needed.
    const [make] = of(first, FG);
    expect([make!.action, make!.quantity, make!.pegging]).toEqual(['make', 70, [{ source: expect.stringMatching(/^SO-/), quantity: 70 }]]);
    expect(new Date(make!.needBy).getTime() - new Date(make!.startBy).getTime()).toBe(3 * day);
    // Tea: 70 made need 7,350 g; 1,850 g free (3,150 held by the released order) and 1,000 on order: 4,500 short, bought in drums of 2,000.
    const [tea] = of(first, TEA);
    expect((await app.core.analytics.dailyReport(undefined, manager)).mrpLateBuys).toBe(1);
    expect([tea!.action, tea!.quantity, tea!.supplier, tea!.late, tea!.pegging]).toEqual(['buy', 6000, `TEA-CO-${process.pid}`, true, [{ source: `make ${FG}`, quantity: 4500 }]]);
    // Needed when the making starts (or now, if that is past); ordered 14 days (the supplier's lead time) before that.
    expect(new Date(tea!.needBy).getTime()).toBe(Math.max(new Date(make!.startBy).getTime(), new Date(tea!.needBy).getTime()));
    expect(new Date(tea!.needBy).getTime() - new Date(tea!.startBy).getTime()).toBe(14 * day);
    // Boxes: 70 needed, 70 free after the released order's 30: nothing to buy.
    expect(of(first, BOX)).toEqual([]);

    const second = await run();
    expect(content(second)).toEqual(content(first));
    const statuses = await sql<{ status: string; count: string }>('select status, count(*) as count from mrp_suggestion group by status order by status');
    expect(statuses.map((row) => [row.status, Number(row.count)])).toEqual([['open', 2], ['superseded', 2]]);
  });

  it('two clicks on one suggestion make one purchase order, which the next run counts as supply; an accepted make becomes a draft production order', async () => {
    const [tea] = of(await run(), TEA);
    const [a, b] = await Promise.all([api(`/mrp/suggestions/${tea!.id}/accept`, { method: 'POST' }), api(`/mrp/suggestions/${tea!.id}/accept`, { method: 'POST' })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
    expect(a.body.suggestion.convertedTo).toBe(b.body.suggestion.convertedTo);
    const lines = await sql<{ quantity_ordered: number }>(`select l.quantity_ordered from purchase_order_line l join product p on p.id = l.product_id where p.sku = ? order by l.id`, [TEA]);
    expect(lines.map((line) => line.quantity_ordered)).toEqual([1000, 6000]);

    const next = await run();
    expect(of(next, TEA)).toEqual([]);
    const [make] = of(next, FG);
    const accepted = await api(`/mrp/suggestions/${make!.id}/accept`, { method: 'POST' });
    const mo = (await api(`/production-orders/${accepted.body.suggestion.convertedTo}`)).body;
    expect([mo.status, mo.origin, mo.quantityPlanned]).toEqual(['draft', 'mrp', 70]);
    // Its components are now demand of a draft production order, covered by stock and the two purchase orders.
    expect(await run()).toEqual([]);
    // The digest: the draft order's tea is not free yet (1,850 g of 7,350 g); the open order for 30 is past its date.
    await sql(`update production_order set due_at = case when number = ? then now() - interval '1 day' else now() + interval '9 days' end`, [openMo]);
    const report = await app.core.analytics.dailyReport(undefined, manager);
    expect([report.lateProductionOrders, report.componentsShort, report.mrpLateBuys]).toEqual([1, [{ sku: TEA, short: 5500 }], 0]);
    expect(digestExceptions(report, 'en')).toEqual(expect.arrayContaining(['🏭 1 production orders are past their due date.', `🧩 Short for production orders not released yet: ${TEA} 5500.`]));
    const stale = await api(`/mrp/suggestions/${make!.id}/dismiss`, { method: 'POST' });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'invalid_transition']);
  });

  it('a production order closed short adds no supply: the next run plans the rest', async () => {
    await api(`/production-orders/${openMo}/reports`, { method: 'POST', body: { good: 10, scrapped: 0 } });
    await api(`/production-orders/${openMo}/close`, { method: 'POST', body: { reason: 'line stopped' } });
    const [make] = of(await run(), FG);
    expect([make!.action, make!.quantity]).toEqual(['make', 20]);
  });

  it('one run at a time: a run started while another holds the planning lock is refused, and succeeds after', async () => {
    const pool = await app.orm.em.getConnection().getNativeClient();
    const other = await pool.connect();
    try {
      await other.query('begin');
      await other.query(`select pg_advisory_xact_lock(hashtext('mrp-run'))`);
      const refused = await api('/mrp/runs', { method: 'POST' });
      expect([refused.status, refused.body.error.code]).toEqual([409, 'concurrent_update']);
    } finally {
      await other.query('commit');
      other.release();
    }
    expect((await api('/mrp/runs', { method: 'POST' })).status).toBe(201);
    const agent: Actor = { type: 'staff', id: 'U0AGENT', role: 'agent' };
    await expect(app.core.manufacturing.runMrp(agent)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
