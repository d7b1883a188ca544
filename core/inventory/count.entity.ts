import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { Warehouse } from './warehouse.entity.ts';

export const countStatuses = ['open', 'approved', 'cancelled'] as const;
export type CountStatus = (typeof countStatuses)[number];

/**
 * A stocktake or cycle count at one warehouse. Counted quantities change nothing until the
 * count is approved; then each variance is posted to the ledger as an adjustment.
 */
export const StockCount = defineEntity({
  name: 'StockCount',
  tableName: 'stock_count',
  properties: {
    id: p.integer().primary().autoincrement(),
    warehouse: () => p.manyToOne(Warehouse),
    status: p.enum(countStatuses).default('open'),
    openedBy: p.string().length(100),
    approvedBy: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    approvedAt: p.datetime().nullable(),
    lines: () => p.oneToMany(StockCountLine).mappedBy('count'),
  },
});

/** One product to count: what the books said when the count opened, and what was found. */
export const StockCountLine = defineEntity({
  name: 'StockCountLine',
  tableName: 'stock_count_line',
  properties: {
    id: p.integer().primary().autoincrement(),
    count: () => p.manyToOne(StockCount),
    product: () => p.manyToOne(Product),
    sku: p.string().length(64),
    /** On hand in the books when the count opened. */
    expected: p.integer(),
    counted: p.integer().nullable(),
    countedBy: p.string().length(100).nullable(),
  },
  uniques: [{ name: 'stock_count_line_product_unique', properties: ['count', 'product'] }],
});

export type StockCount = InferEntity<typeof StockCount>;
export type StockCountLine = InferEntity<typeof StockCountLine>;
