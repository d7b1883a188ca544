import { describe, expect, it } from 'vitest';
import { approvalReasons, defaultOrderPolicy, formatOrderNumber, linesFingerprint, orderNumberPattern, priceOrder } from '../../core/orders/index.ts';

const policy = { ...defaultOrderPolicy, approvalThresholdMinor: 500_000 };
const tea = { sku: 'TEA', quantity: 2, unitPriceMinor: 5000, kind: 'goods' as const };

describe('order pricing', () => {
  it('charges the flat delivery fee below the free-shipping amount', () => {
    expect(priceOrder([tea], policy)).toEqual({ subtotalMinor: 10_000, shippingMinor: 1000, totalMinor: 11_000 });
  });

  it('ships free from the free-shipping amount, and services never pay delivery', () => {
    expect(priceOrder([{ ...tea, quantity: 4 }], policy).shippingMinor).toBe(0);
    expect(priceOrder([{ ...tea, kind: 'service' }], policy).shippingMinor).toBe(0);
  });

  it('asks for approval at the threshold and for large quantities', () => {
    expect(approvalReasons([tea], { subtotalMinor: 499_999, shippingMinor: 0, totalMinor: 499_999 }, policy)).toEqual([]);
    expect(approvalReasons([tea], { subtotalMinor: 500_000, shippingMinor: 0, totalMinor: 500_000 }, policy)).toEqual(['high_value']);
    expect(approvalReasons([{ ...tea, quantity: 50 }], priceOrder([{ ...tea, quantity: 50 }], policy), policy)).toEqual(['large_quantity']);
  });

  it('fingerprints carts regardless of line order and split lines', () => {
    expect(linesFingerprint([{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }])).toBe(linesFingerprint([{ sku: 'B', quantity: 1 }, { sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }]));
    expect(linesFingerprint([{ sku: 'A', quantity: 1 }])).not.toBe(linesFingerprint([{ sku: 'A', quantity: 2 }]));
  });
});

describe('order numbers', () => {
  it('use the business date and a zero-padded sequence', () => {
    // 23:30 UTC on the 21st is already the 22nd in Shanghai.
    expect(formatOrderNumber(123, new Date('2026-11-21T23:30:00Z'), 'Asia/Shanghai')).toBe('SO-20261122-000123');
    expect(formatOrderNumber(123, new Date('2026-11-21T23:30:00Z'), 'UTC')).toBe('SO-20261121-000123');
    expect(formatOrderNumber(1_234_567, new Date('2026-11-21T00:00:00Z'), 'UTC')).toMatch(orderNumberPattern);
  });

  it('sort by time', () => {
    const numbers = [formatOrderNumber(9, new Date('2026-11-21T10:00:00Z'), 'UTC'), formatOrderNumber(10, new Date('2026-11-21T11:00:00Z'), 'UTC'), formatOrderNumber(11, new Date('2026-11-22T00:00:00Z'), 'UTC')];
    expect([...numbers].sort()).toEqual(numbers);
  });
});
