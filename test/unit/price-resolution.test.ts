import { describe, expect, it } from 'vitest';
import { discounted, priceTiers, resolveUnitPrice, type PriceItemFacts } from '../../core/catalog/index.ts';
import { paymentDueAt } from '../../core/customers/index.ts';
import { endOfLocalDay, startOfLocalDay } from '../../core/shared/calendar.ts';

const at = new Date('2026-06-01T00:00:00Z');
const tea = { id: 1, category: 'drinks/tea', priceMinor: 1000, currency: 'CNY' };
const item = (overrides: Partial<PriceItemFacts>): PriceItemFacts => ({
  depth: 0, currency: 'CNY', productId: 1, category: null, minQuantity: 1, unitPriceMinor: null, discountBasisPoints: null, validFrom: '1970-01-01T00:00:00Z', validTo: null, ...overrides,
});
const tiers = [item({ minQuantity: 1, unitPriceMinor: 1000 }), item({ minQuantity: 12, unitPriceMinor: 900 }), item({ minQuantity: 48, unitPriceMinor: 800 })];
const price = (quantity: number, items: PriceItemFacts[]) => resolveUnitPrice(tea, quantity, items, at).unitPriceMinor;

describe('price resolution (pure): deterministic, all-units tiers, fallbacks', () => {
  it('tiers {1: 10.00, 12: 9.00, 48: 8.00}: 11 → 10.00, 12 → 9.00, 47 → 9.00, 48 → 8.00 for every unit; the order of the items does not matter', () => {
    expect([11, 12, 47, 48, 480].map((quantity) => price(quantity, tiers))).toEqual([1000, 900, 900, 800, 800]);
    expect([11, 12, 47, 48].map((quantity) => price(quantity, tiers.toReversed()))).toEqual([1000, 900, 900, 800]);
    expect(priceTiers(tea, tiers, at)).toEqual([{ fromQuantity: 1, unitPriceMinor: 1000 }, { fromQuantity: 12, unitPriceMinor: 900 }, { fromQuantity: 48, unitPriceMinor: 800 }]);
  });

  it('a category rule of −5 % (subcategories included) takes the catalogue price less 5 %, rounded half up; a product item wins over it', () => {
    const category = [item({ productId: null, category: 'drinks', discountBasisPoints: 500 })];
    expect(price(1, category)).toBe(950);
    expect(discounted(1010, 500)).toBe(960); // 959.5 → 960
    expect(discounted(1009, 500)).toBe(959); // 958.55 → 959
    expect(resolveUnitPrice({ ...tea, category: 'drinkware' }, 1, category, at).source).toBe('catalogue');
    expect(price(1, [...category, item({ unitPriceMinor: 970 })])).toBe(970);
  });

  it('nothing applies: the catalogue price; items outside their validity or in another currency are ignored', () => {
    expect(resolveUnitPrice(tea, 5, [], at)).toEqual({ unitPriceMinor: 1000, source: 'catalogue', fromQuantity: 1 });
    expect(price(5, [item({ unitPriceMinor: 700, validFrom: '2026-07-01T00:00:00Z' })])).toBe(1000);
    expect(price(5, [item({ unitPriceMinor: 700, validTo: '2026-05-31T00:00:00Z' })])).toBe(1000);
    expect(price(5, [item({ unitPriceMinor: 700, currency: 'USD' })])).toBe(1000);
    expect(price(5, [item({ unitPriceMinor: 700, validFrom: '2026-01-01T00:00:00Z' }), item({ unitPriceMinor: 750 })])).toBe(700);
  });

  it('the parent list is used only when the account\'s own list has no match for that quantity', () => {
    const parent = [item({ depth: 1, unitPriceMinor: 950 }), item({ depth: 1, minQuantity: 100, unitPriceMinor: 600 })];
    const own = [item({ minQuantity: 12, unitPriceMinor: 850 })];
    expect(resolveUnitPrice(tea, 5, [...own, ...parent], at)).toEqual({ unitPriceMinor: 950, source: 'parent', fromQuantity: 1 });
    expect(resolveUnitPrice(tea, 12, [...own, ...parent], at)).toEqual({ unitPriceMinor: 850, source: 'list', fromQuantity: 12 });
    expect(resolveUnitPrice(tea, 120, [...own, ...parent], at).unitPriceMinor).toBe(850);
  });
});

describe('payment terms', () => {
  it('net 30 from 31 Jan 2026 10:00 in Shanghai is due at the end of 2 Mar 2026 there', () => {
    const due = paymentDueAt('net_30', new Date('2026-01-31T10:00:00+08:00'), 'Asia/Shanghai');
    expect(due?.toISOString()).toBe('2026-03-02T15:59:59.999Z');
    expect(paymentDueAt('prepaid', new Date(), 'Asia/Shanghai')).toBeNull();
    expect(paymentDueAt('due_on_fulfillment', new Date(), 'Asia/Shanghai')).toBeNull();
  });

  it('placed late in the evening counts from the business day, not the UTC day; days start and end right across daylight saving', () => {
    expect(paymentDueAt('net_7', new Date('2026-03-01T23:30:00+08:00'), 'Asia/Shanghai')?.toISOString()).toBe('2026-03-08T15:59:59.999Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(endOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T03:59:59.999Z');
    expect(endOfLocalDay('2026-10-25', 'Europe/Berlin').toISOString()).toBe('2026-10-25T22:59:59.999Z');
  });
});
