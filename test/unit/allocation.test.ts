import { describe, expect, it } from 'vitest';
import { allocate, distanceKm, preferenceOrder, type WarehouseStock } from '../../core/inventory/allocation.ts';

const shanghai = { latitude: 31.23, longitude: 121.47 };
const beijing = { latitude: 39.9, longitude: 116.4 };
const guangzhou = { latitude: 23.13, longitude: 113.26 };
const hangzhou = { latitude: 30.27, longitude: 120.15 };

const warehouse = (id: number, code: string, stock: Record<number, number>, location: typeof shanghai | null, isDefault = false): WarehouseStock =>
  ({ id, code, isDefault, location, available: new Map(Object.entries(stock).map(([product, quantity]) => [Number(product), quantity])) });

const sha = warehouse(1, 'SHA', { 10: 5, 11: 5 }, shanghai, true);
const pek = warehouse(2, 'PEK', { 10: 50, 11: 50 }, beijing);
const can = warehouse(3, 'CAN', { 10: 50 }, guangzhou);

describe('warehouse allocation policy', () => {
  it('measures great-circle distance', () => {
    expect(distanceKm(shanghai, beijing)).toBeGreaterThan(1000);
    expect(distanceKm(shanghai, beijing)).toBeLessThan(1100);
    expect(distanceKm(shanghai, shanghai)).toBe(0);
  });

  it('picks the nearest warehouse that can ship every line', () => {
    const order = [{ productId: 10, quantity: 2 }, { productId: 11, quantity: 2 }];
    expect(allocate(order, [pek, can, sha], hangzhou)).toEqual([
      { warehouseId: 1, productId: 10, quantity: 2 }, { warehouseId: 1, productId: 11, quantity: 2 },
    ]);
  });

  it('skips a nearer warehouse that cannot ship everything, rather than splitting', () => {
    const order = [{ productId: 10, quantity: 10 }, { productId: 11, quantity: 1 }];
    expect(allocate(order, [sha, can, pek], hangzhou)).toEqual([
      { warehouseId: 2, productId: 10, quantity: 10 }, { warehouseId: 2, productId: 11, quantity: 1 },
    ]);
  });

  it('without coordinates the default warehouse serves when it can, then the others by code', () => {
    expect(allocate([{ productId: 10, quantity: 5 }], [pek, can, sha])).toEqual([{ warehouseId: 1, productId: 10, quantity: 5 }]);
    expect(allocate([{ productId: 10, quantity: 6 }], [pek, can, sha])).toEqual([{ warehouseId: 3, productId: 10, quantity: 6 }]);
    expect(preferenceOrder([pek, can, sha], null).map((each) => each.code)).toEqual(['SHA', 'CAN', 'PEK']);
    expect(preferenceOrder([pek, warehouse(4, 'XYZ', {}, null), sha], guangzhou).map((each) => each.code)).toEqual(['SHA', 'PEK', 'XYZ']);
  });

  it('splits only when no warehouse can serve the order whole: each line from the nearest that has it all', () => {
    const onlyA = warehouse(5, 'A', { 10: 3 }, hangzhou);
    const onlyB = warehouse(6, 'B', { 11: 3 }, beijing);
    expect(allocate([{ productId: 10, quantity: 3 }, { productId: 11, quantity: 3 }], [onlyB, onlyA], shanghai)).toEqual([
      { warehouseId: 5, productId: 10, quantity: 3 }, { warehouseId: 6, productId: 11, quantity: 3 },
    ]);
  });

  it('splits a line across warehouses only when no single one has enough, nearest first', () => {
    const a = warehouse(5, 'A', { 10: 3 }, hangzhou);
    const b = warehouse(6, 'B', { 10: 4 }, beijing);
    expect(allocate([{ productId: 10, quantity: 6 }], [b, a], shanghai)).toEqual([
      { warehouseId: 5, productId: 10, quantity: 3 }, { warehouseId: 6, productId: 10, quantity: 3 },
    ]);
  });

  it('returns null when all warehouses together are short', () => {
    expect(allocate([{ productId: 11, quantity: 100 }], [sha, pek, can], shanghai)).toBeNull();
    expect(allocate([{ productId: 99, quantity: 1 }], [sha], shanghai)).toBeNull();
  });
});

describe('cycle count calendar', () => {
  it('A weekly on Mondays, B on the first of the month, C on the first of a quarter (business time zone)', async () => {
    const { dueAbcClasses } = await import('../../core/inventory/cycle-counts.ts');
    expect(dueAbcClasses(new Date('2026-11-23T02:00:00Z'), 'Asia/Shanghai')).toEqual(['A']);
    expect(dueAbcClasses(new Date('2026-12-01T02:00:00Z'), 'Asia/Shanghai')).toEqual(['B']);
    expect(dueAbcClasses(new Date('2026-10-01T02:00:00Z'), 'Asia/Shanghai')).toEqual(['B', 'C']);
    expect(dueAbcClasses(new Date('2027-03-01T02:00:00Z'), 'Asia/Shanghai')).toEqual(['A', 'B']);
    // 20:00 UTC on 30 November is already 1 December in Shanghai.
    expect(dueAbcClasses(new Date('2026-11-30T20:00:00Z'), 'Asia/Shanghai')).toEqual(['B']);
    expect(dueAbcClasses(new Date('2026-11-25T02:00:00Z'), 'Asia/Shanghai')).toEqual([]);
  });
});
