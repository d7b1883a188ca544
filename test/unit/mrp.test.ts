import { describe, expect, it } from 'vitest';
import { planMaterials, type PlanBom, type PlanInput } from '../../core/manufacturing/mrp.ts';

const now = new Date('2026-12-06T00:00:00Z');
const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
const FG = 1;
const TEA = 2;
const BOX = 3;
const KIT = 4;
const W = 1;
const fg: PlanBom = { bomId: 10, productId: FG, kind: 'make', outputQuantity: 10, produceDays: 3, lines: [{ componentId: TEA, quantity: 1000, scrapBasisPoints: 500 }, { componentId: BOX, quantity: 10, scrapBasisPoints: 0 }] };
const base: PlanInput = {
  today: now, boms: new Map([[FG, fg]]), available: new Map([[`${FG}/${W}`, 20], [`${TEA}/${W}`, 1000], [`${BOX}/${W}`, 0]]),
  rules: [{ productId: TEA, warehouseId: W, supplierId: 7, leadTimeDays: 14, safetyStock: 0, minimum: 1, multiple: 5000 }, { productId: BOX, warehouseId: W, supplierId: 8, leadTimeDays: 2, safetyStock: 0, minimum: 100, multiple: 1 }],
  receipts: [{ productId: FG, warehouseId: W, quantity: 30, at: day(5), source: 'MO-1' }, { productId: TEA, warehouseId: W, quantity: 2000, at: day(1), source: 'PO-000001' }],
  demands: [{ productId: FG, warehouseId: W, quantity: 100, at: day(10), source: 'SO-1' }],
  defaultLeadTimeDays: 7,
};

describe('material requirements planning (pure)', () => {
  it('nets demand against free stock and open orders, makes whole batches from the need date less the production days, and passes the components\' need down', () => {
    const plan = planMaterials(base);
    // FG: 100 wanted, 20 free, 30 coming from an open MO: make 50 (5 batches of 10), started 3 days before day 10.
    expect(plan[0]).toMatchObject({ productId: FG, action: 'make', quantity: 50, needBy: day(10), startBy: day(7), bomId: 10, late: false, pegging: [{ source: 'SO-1', quantity: 50 }] });
    // Tea: 50 made need 5,250 g; 1,000 free and 2,000 ordered: buy 2,250 rounded up to a drum of 5,000, 14 days ahead of day 7: late.
    expect(plan.find((each) => each.productId === TEA)).toMatchObject({ action: 'buy', quantity: 5000, needBy: day(7), startBy: day(-7), supplierId: 7, late: true, pegging: [{ source: `make:${FG}`, quantity: 2250 }] });
    // Boxes: 50 needed, none free: the supplier's minimum of 100.
    expect(plan.find((each) => each.productId === BOX)).toMatchObject({ action: 'buy', quantity: 100, startBy: day(5), late: false });
    expect(plan).toHaveLength(3);
  });

  it('never promises the same units to two demands, and the same input gives the same plan', () => {
    const twoOrders: PlanInput = { ...base, boms: new Map(), available: new Map([[`${TEA}/${W}`, 1000]]), receipts: [],
      demands: [{ productId: TEA, warehouseId: W, quantity: 800, at: day(2), source: 'SO-A' }, { productId: TEA, warehouseId: W, quantity: 800, at: day(4), source: 'SO-B' }] };
    const [tea] = planMaterials(twoOrders);
    // 1,000 free cover SO-A and 200 of SO-B: 600 short, for SO-B alone.
    expect(tea!.pegging).toEqual([{ source: 'SO-B', quantity: 600 }]);
    expect(tea!.quantity).toBe(5000);
    expect(planMaterials(twoOrders)).toEqual(planMaterials(twoOrders));
    expect(planMaterials(base)).toEqual(planMaterials(base));
  });

  it('a kit passes its demand to its parts; safety stock is a floor; nothing short, nothing suggested', () => {
    const kit: PlanBom = { bomId: 11, productId: KIT, kind: 'kit', outputQuantity: 1, produceDays: 0, lines: [{ componentId: BOX, quantity: 2, scrapBasisPoints: 0 }] };
    const plan = planMaterials({ ...base, boms: new Map([[KIT, kit]]), available: new Map([[`${BOX}/${W}`, 5]]), receipts: [],
      rules: [{ productId: BOX, warehouseId: W, supplierId: 8, leadTimeDays: 2, safetyStock: 10, minimum: 1, multiple: 1 }],
      demands: [{ productId: KIT, warehouseId: W, quantity: 3, at: day(4), source: 'SO-K' }] });
    // 10 kept as safety stock and 6 boxes for the kits, 5 free: 11 to buy.
    expect(plan).toMatchObject([{ productId: BOX, action: 'buy', quantity: 11, pegging: [{ source: 'safety stock', quantity: 5 }, { source: 'SO-K', quantity: 6 }] }]);
    expect(planMaterials({ ...base, demands: [], receipts: [] })).toEqual([]);
  });
});
