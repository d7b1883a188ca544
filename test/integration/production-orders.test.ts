import { beforeAll, describe, expect, it } from 'vitest';
import { productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import type { Actor } from '../../core/shared/actor.ts';

let app: TestApp;
let auth: Record<string, string>;
const staff: Actor = { type: 'staff', id: 'U0PROD', role: 'production' };
const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...auth, ...init.headers } });

async function levels(...skus: string[]): Promise<Record<string, { onHand: number; reserved: number }>> {
  const rows = await app.orm.em.fork().getConnection().execute<Array<{ sku: string; on_hand: number; reserved: number }>>(
    `select p.sku, s.on_hand, s.reserved from stock_level s join product p on p.id = s.product_id join warehouse w on w.id = s.warehouse_id where w.code = 'MAIN' and p.sku in (?)`, [skus],
  );
  return Object.fromEntries(rows.map((row) => [row.sku, { onHand: row.on_hand, reserved: row.reserved }]));
}

async function movements(reference: string): Promise<Array<[string, string, number, number]>> {
  const rows = await app.orm.em.fork().getConnection().execute<Array<{ sku: string; kind: string; on_hand_delta: number; reserved_delta: number }>>(
    'select p.sku, m.kind, m.on_hand_delta, m.reserved_delta from stock_movement m join product p on p.id = m.product_id where m.reference = ? order by m.id', [reference],
  );
  return rows.map((row) => [row.sku, row.kind, row.on_hand_delta, row.reserved_delta]);
}

const TEA = `TEA-${process.pid}`;
const BOX = `BOX-${process.pid}`;
const RIBBON = `RIBBON-${process.pid}`;
const GIFT = `GB-${process.pid}`;

async function releasedMo(quantity: number, policy?: 'flexible'): Promise<string> {
  const created = await api('/production-orders', { method: 'POST', body: { sku: GIFT, quantity, ...(policy && { consumptionPolicy: policy }) } });
  expect(created.status).toBe(201);
  expect((await api(`/production-orders/${created.body.number}/release`, { method: 'POST' })).status).toBe(200);
  return created.body.number;
}

beforeAll(async () => {
  app = await startTestApp();
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await productWithStock(app.orm, 20_000, { sku: TEA, kind: 'material' });
  await productWithStock(app.orm, 1000, { sku: BOX, kind: 'material' });
  await productWithStock(app.orm, 40_000, { sku: RIBBON, kind: 'material' });
  await productWithStock(app.orm, 0, { sku: GIFT });
  // A batch of 4 gift boxes: 1,000 g of tea (5 % lost), 4 boxes, 120 cm of ribbon.
  const bom = await api('/boms', { method: 'POST', body: { sku: GIFT, outputQuantity: 4, lines: [{ sku: TEA, quantity: 1000, scrapBasisPoints: 500 }, { sku: BOX, quantity: 4 }, { sku: RIBBON, quantity: 120 }] } });
  const activated = await api(`/boms/${bom.body.id}/activate`, { method: 'POST' });
  if (activated.status !== 200) throw new Error(`BOM not activated: ${JSON.stringify(activated.body)}`);
});

describe('production orders (issue 22)', () => {
  it('release reserves every component in one transaction with one reservation movement each; one short and nothing is reserved', async () => {
    const number = await releasedMo(10);
    const mo = await api(`/production-orders/${number}`);
    expect([mo.body.status, mo.body.components]).toEqual(['released', [
      { sku: BOX, required: 10, reserved: 10, consumed: 0 }, { sku: RIBBON, required: 300, reserved: 300, consumed: 0 }, { sku: TEA, required: 2625, reserved: 2625, consumed: 0 },
    ]]);
    expect((await movements(number)).sort()).toEqual([[BOX, 'reservation', 0, 10], [RIBBON, 'reservation', 0, 300], [TEA, 'reservation', 0, 2625]]);

    // 1,000 needs 262,500 g of tea and 1,000 boxes: 990 boxes are free, so both are short; the ribbon (30,000 cm of 40,000) is not.
    const before = await levels(TEA, BOX, RIBBON);
    const big = await api('/production-orders', { method: 'POST', body: { sku: GIFT, quantity: 1000 } });
    const refused = await api(`/production-orders/${big.body.number}/release`, { method: 'POST' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'insufficient_stock']);
    expect(refused.body.error.details.lines).toEqual([{ sku: TEA, required: 262_500, available: 20_000 - 2625 }, { sku: BOX, required: 1000, available: 990 }]);
    expect(await levels(TEA, BOX, RIBBON)).toEqual(before);
    expect(await movements(big.body.number)).toEqual([]);
    expect((await api(`/production-orders/${big.body.number}`)).body.status).toBe('draft');
    expect((await api(`/production-orders/${big.body.number}/cancel`, { method: 'POST' })).body.status).toBe('cancelled');
    expect((await api(`/production-orders/${number}/cancel`, { method: 'POST' })).body.status).toBe('cancelled');
    expect(await levels(TEA, BOX, RIBBON)).toEqual({ ...before, [TEA]: { onHand: 20_000, reserved: 0 }, [BOX]: { onHand: 1000, reserved: 0 }, [RIBBON]: { onHand: 40_000, reserved: 0 } });
  });

  it('reports of 6 then 4 consume exactly what 10 need, add the output, keep on-hand equal to the ledger; a replay changes nothing', async () => {
    const number = await releasedMo(10);
    const start = await levels(TEA, BOX, RIBBON, GIFT);
    const key = { 'idempotency-key': `report-six-${number}` };
    const six = await api(`/production-orders/${number}/reports`, { method: 'POST', body: { good: 6, scrapped: 0 }, headers: key });
    expect([six.status, six.body.report.consumed, six.body.productionOrder.status]).toEqual([201, { [TEA]: 1575, [BOX]: 6, [RIBBON]: 180 }, 'in_progress']);
    expect(await app.core.inventory.integrityMismatches(staff)).toEqual([]);
    const replay = await api(`/production-orders/${number}/reports`, { method: 'POST', body: { good: 6, scrapped: 0 }, headers: key });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.report]).toEqual([201, 'true', six.body.report]);
    const reused = await api(`/production-orders/${number}/reports`, { method: 'POST', body: { good: 1, scrapped: 0 }, headers: key });
    expect([reused.status, reused.body.error.code]).toEqual([422, 'idempotency_key_reused']);

    const four = await api(`/production-orders/${number}/reports`, { method: 'POST', body: { good: 4, scrapped: 0 }, headers: { 'idempotency-key': `report-four-${number}` } });
    expect([four.body.report.consumed, four.body.productionOrder.status]).toEqual([{ [TEA]: 1050, [BOX]: 4, [RIBBON]: 120 }, 'done']);
    expect(four.body.productionOrder.components).toEqual([
      { sku: BOX, required: 10, reserved: 0, consumed: 10 }, { sku: RIBBON, required: 300, reserved: 0, consumed: 300 }, { sku: TEA, required: 2625, reserved: 0, consumed: 2625 },
    ]);
    expect(await app.core.inventory.integrityMismatches(staff)).toEqual([]);
    expect(await levels(TEA, BOX, RIBBON, GIFT)).toEqual({
      [TEA]: { onHand: start[TEA]!.onHand - 2625, reserved: start[TEA]!.reserved - 2625 }, [BOX]: { onHand: start[BOX]!.onHand - 10, reserved: start[BOX]!.reserved - 10 },
      [RIBBON]: { onHand: start[RIBBON]!.onHand - 300, reserved: start[RIBBON]!.reserved - 300 }, [GIFT]: { onHand: (start[GIFT]?.onHand ?? 0) + 10, reserved: start[GIFT]?.reserved ?? 0 },
    });
    const outputs = (await movements(number)).filter(([, kind]) => kind === 'production_output');
    expect(outputs).toEqual([[GIFT, 'production_output', 6, 0], [GIFT, 'production_output', 4, 0]]);
  });

  it('refuses bad reports: beyond plan 422; zero, negative, fractional or missing 400; on a draft or finished order 409', async () => {
    const number = await releasedMo(5);
    const report = (body: unknown) => api(`/production-orders/${number}/reports`, { method: 'POST', body });
    const before = await levels(TEA, BOX, RIBBON, GIFT);
    const beyond = await report({ good: 4, scrapped: 2 });
    expect([beyond.status, beyond.body.error.code]).toEqual([422, 'rule_violation']);
    for (const body of [{ good: 0, scrapped: 0 }, { good: -1, scrapped: 0 }, { good: 1.5, scrapped: 0 }, { scrapped: 1 }, {}]) {
      const bad = await report(body);
      expect([bad.status, bad.body.error.code], JSON.stringify(body)).toEqual([400, 'invalid_input']);
    }
    expect(await levels(TEA, BOX, RIBBON, GIFT)).toEqual(before);
    expect((await api(`/production-orders/${number}`)).body.quantityGood).toBe(0);

    const draft = await api('/production-orders', { method: 'POST', body: { sku: GIFT, quantity: 2 } });
    const onDraft = await api(`/production-orders/${draft.body.number}/reports`, { method: 'POST', body: { good: 1, scrapped: 0 } });
    expect([onDraft.status, onDraft.body.error.code]).toEqual([409, 'invalid_transition']);
    expect((await report({ good: 4, scrapped: 1 })).body.productionOrder.status).toBe('done');
    const onDone = await report({ good: 1, scrapped: 0 });
    expect([onDone.status, onDone.body.error.code]).toEqual([409, 'invalid_transition']);
    // Scrapped units consume components too: 5 made (4 good) used what 5 need.
    expect((await api(`/production-orders/${number}`)).body.components.map((c: { consumed: number }) => c.consumed)).toEqual([5, 150, 1313]);
  });

  it('closing short needs a reason and releases every leftover reservation', async () => {
    const number = await releasedMo(10);
    await api(`/production-orders/${number}/reports`, { method: 'POST', body: { good: 6, scrapped: 0 } });
    const noReason = await api(`/production-orders/${number}/close`, { method: 'POST' });
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'invalid_input']);
    expect((await api(`/production-orders/${number}/cancel`, { method: 'POST' })).status).toBe(409);
    const closed = await api(`/production-orders/${number}/close`, { method: 'POST', body: { reason: 'Tea ran out of season' } });
    expect([closed.status, closed.body.status, closed.body.closeReason]).toEqual([200, 'done', 'Tea ran out of season']);
    expect(closed.body.components.map((c: { reserved: number }) => c.reserved)).toEqual([0, 0, 0]);
    expect((await movements(number)).filter(([, kind]) => kind === 'release').sort()).toEqual([[BOX, 'release', 0, -4], [RIBBON, 'release', 0, -120], [TEA, 'release', 0, -1050]]);
    const [held] = await app.orm.em.fork().getConnection().execute<Array<{ units: string }>>(
      `select coalesce(sum(c.quantity_reserved), 0) as units from production_component c join production_order mo on mo.id = c.production_order_id where mo.number = ?`, [number],
    );
    expect(Number(held!.units)).toBe(0);
    expect(await app.core.inventory.integrityMismatches(staff)).toEqual([]);
  });

  it('flexible orders consume what staff report; beyond the reservation only from free stock', async () => {
    const number = await releasedMo(4, 'flexible');
    const used = await api(`/production-orders/${number}/reports`, { method: 'POST', body: { good: 2, scrapped: 0, components: [{ sku: TEA, quantity: 600 }, { sku: BOX, quantity: 2 }] } });
    expect(used.body.report.consumed).toEqual({ [TEA]: 600, [BOX]: 2 });
    const free = (await levels(TEA))[TEA]!;
    const greedy = await api(`/production-orders/${number}/reports`, { method: 'POST', body: { good: 1, scrapped: 0, components: [{ sku: TEA, quantity: free.onHand - free.reserved + 500 }] } });
    expect([greedy.status, greedy.body.error.code]).toEqual([409, 'insufficient_stock']);
    const stranger = await api(`/production-orders/${number}/reports`, { method: 'POST', body: { good: 1, scrapped: 0, components: [{ sku: GIFT, quantity: 1 }] } });
    expect(stranger.status).toBe(400);
    expect(await app.core.inventory.integrityMismatches(staff)).toEqual([]);
  });

  it('only production staff, managers and admins run production orders', async () => {
    const agent: Actor = { type: 'staff', id: 'U0AGENT', role: 'agent' };
    await expect(app.core.manufacturing.createProductionOrder({ sku: GIFT, quantity: 1 }, agent)).rejects.toMatchObject({ code: 'forbidden' });
    const made = await app.core.manufacturing.createProductionOrder({ sku: GIFT, quantity: 1 }, staff);
    expect(made.status).toBe('draft');
  });
});
