import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../core/shared/actor.ts';
import { classifyAbc } from '../../core/inventory/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';

const manager: Actor = { type: 'staff', id: 'U0ABC', role: 'manager' };
let office: TestBackOffice;
let app: TestApp;
let chat = 9_800_000;

beforeAll(async () => {
  office = await startTestBackOffice({ DEFAULT_LOCALE: 'en' });
  app = await startTestApp({ env: { APPROVAL_THRESHOLD_MINOR: '100000000' } });
});

describe('ABC classes by sales value', () => {
  it('the rule, by hand: A while the products before make < 80 % of the value, B while < 95 %, else C', () => {
    const values = [['P1', 500], ['P2', 300], ['P3', 100], ['P4', 60], ['P5', 40], ['P6', 0]] as const;
    const classes = classifyAbc(values.map(([sku, valueMinor], index) => ({ productId: index + 1, sku, valueMinor })));
    expect([...classes.values()]).toEqual(['A', 'A', 'B', 'B', 'C', 'C']);
    // One product making nearly all the value is A on its own; no sales at all is C.
    expect([...classifyAbc([{ productId: 1, sku: 'X', valueMinor: 990 }, { productId: 2, sku: 'Y', valueMinor: 10 }]).values()]).toEqual(['A', 'C']);
    expect([...classifyAbc([{ productId: 1, sku: 'X', valueMinor: 0 }]).values()]).toEqual(['C']);
  });

  it('the weekly job classifies 90 days of sales as computed by hand, leaving out cancelled and older orders and classes fixed by hand', async () => {
    const sold: Array<[name: string, priceMinor: number, quantity: number]> = [['P1', 10_000, 5], ['P2', 10_000, 3], ['P3', 5_000, 2], ['P4', 3_000, 2], ['P5', 4_000, 1]];
    const skus: Record<string, string> = {};
    for (const [name, priceMinor, quantity] of [...sold, ['P6', 50_000, 0], ['P7', 1_000, 0]] as const) {
      skus[name] = (await productWithStock(app.orm, 50, { name, priceMinor })).sku;
      await app.core.procurement.setReorderPolicy({ sku: skus[name]!, reorderPoint: 5 }, manager);
      if (quantity > 0) await chatOrder(app.core, { sku: skus[name]!, chatId: String((chat += 1)), quantity });
    }
    // A big order of P6, cancelled, and a big one of P5 from 100 days ago count for nothing.
    const cancelled = await chatOrder(app.core, { sku: skus.P6!, chatId: String((chat += 1)), quantity: 10 });
    await app.core.orders.cancelOrder(cancelled.order.number, systemActor, 'test');
    const old = await chatOrder(app.core, { sku: skus.P5!, chatId: String((chat += 1)), quantity: 20 });
    await app.orm.em.fork().getConnection().execute(`update "order" set placed_at = now() - interval '100 days' where number = ?`, [old.order.number]);
    // P7 sold nothing but is A by a manager's decision.
    expect((await app.core.procurement.setReorderPolicy({ sku: skus.P7!, reorderPoint: 5, abcClass: 'A' }, manager)).abcFixed).toBe(true);

    const id = await office.queues.enqueue('inventory.abc-classes', {});
    const queue = office.queues.queues.get('maintenance')!;
    await eventually('the ABC run', async () => (await queue.getJob(id!))?.finishedOn !== undefined);
    expect((await queue.getJob(id!))!.returnvalue).toEqual({ classes: { A: 2, B: 2, C: 2 }, changed: 4 });
    const rows = await app.orm.em.fork().getConnection().execute<Array<{ sku: string; abc_class: string; abc_fixed: boolean }>>(
      'select p.sku, r.abc_class, r.abc_fixed from reorder_policy r join product p on p.id = r.product_id order by p.name');
    expect(rows.map((row) => [row.sku, row.abc_class, row.abc_fixed])).toEqual([
      [skus.P1, 'A', false], [skus.P2, 'A', false], [skus.P3, 'B', false], [skus.P4, 'B', false], [skus.P5, 'C', false], [skus.P6, 'C', false], [skus.P7, 'A', true],
    ]);

    // Handed back to the run, P7 (no sales) becomes C.
    await app.core.procurement.setReorderPolicy({ sku: skus.P7!, reorderPoint: 5, abcClass: 'auto' }, manager);
    expect((await app.core.inventory.recomputeAbcClasses(new Date(), manager)).classes).toEqual({ A: 2, B: 2, C: 3 });
  });
});
