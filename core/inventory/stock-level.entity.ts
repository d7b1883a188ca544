import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { Warehouse } from './warehouse.entity.ts';

/**
 * On-hand and reserved quantity of one product at one warehouse.
 * Invariant, enforced by the database: `0 <= reserved <= on_hand`. Quantities change only
 * through `post_stock_movements` (`stock-ledger.ts`), which appends the ledger row with them.
 */
export const StockLevel = defineEntity({
  name: 'StockLevel',
  tableName: 'stock_level',
  properties: {
    id: p.integer().primary().autoincrement(),
    warehouse: () => p.manyToOne(Warehouse),
    product: () => p.manyToOne(Product),
    onHand: p.integer().default(0),
    reserved: p.integer().default(0),
    /** Where it sits in the warehouse (aisle-shelf-bin); pick lists are walked in this order. */
    bin: p.string().length(32).nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ name: 'stock_level_warehouse_product_unique', properties: ['warehouse', 'product'] }],
  // Order intake reads a product's stock at every warehouse.
  indexes: [{ name: 'stock_level_product_index', properties: ['product'] }],
  checks: [{ name: 'stock_level_reserved_within_on_hand', expression: 'reserved >= 0 and reserved <= on_hand' }],
});

export type StockLevel = InferEntity<typeof StockLevel>;
