import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { Warehouse } from './warehouse.entity.ts';

export const abcClasses = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof abcClasses)[number];

/**
 * When and how much to buy of one product for one warehouse. Below `reorderPoint` available
 * units, one low-stock alert goes out (`alertedAt` remembers it until stock is back above).
 * Quantity: `reorderQuantity` when set, else demand over the supplier's lead time plus safety
 * stock. `abcClass` decides how often cycle counts visit it (computed weekly from sales value
 * unless `abcFixed`).
 */
export const ReorderPolicy = defineEntity({
  name: 'ReorderPolicy',
  tableName: 'reorder_policy',
  properties: {
    id: p.integer().primary().autoincrement(),
    warehouse: () => p.manyToOne(Warehouse),
    product: () => p.manyToOne(Product),
    /** Preferred supplier (`procurement`), by id: inventory does not depend on purchasing. */
    supplierId: p.integer().nullable(),
    reorderPoint: p.integer(),
    safetyStock: p.integer().default(0),
    reorderQuantity: p.integer().nullable(),
    /** Material planning buys at least this many, in multiples of `orderMultiple` (a case, a drum). */
    minOrderQuantity: p.integer().default(1),
    orderMultiple: p.integer().default(1),
    abcClass: p.enum(abcClasses).default('C'),
    /** Set by hand: the weekly ABC run leaves it alone (otherwise it follows 90 days' sales value). */
    abcFixed: p.boolean().default(false),
    alertedAt: p.datetime().nullable(),
  },
  uniques: [{ name: 'reorder_policy_stock_unique', properties: ['warehouse', 'product'] }],
  checks: [{ name: 'reorder_policy_quantities', expression: 'reorder_point >= 0 and safety_stock >= 0 and (reorder_quantity is null or reorder_quantity > 0) and min_order_quantity > 0 and order_multiple > 0' }],
});

export type ReorderPolicy = InferEntity<typeof ReorderPolicy>;
