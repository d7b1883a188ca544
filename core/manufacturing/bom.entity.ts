import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';

export const bomStatuses = ['draft', 'active', 'archived'] as const;
export type BomStatus = (typeof bomStatuses)[number];
export const bomKinds = ['make', 'kit'] as const;
export type BomKind = (typeof bomKinds)[number];

/**
 * How a product is made (`make`) or what it is a bundle of (`kit`, exploded in place wherever it
 * is needed), per batch of `outputQuantity` so every quantity stays a whole number. Versioned:
 * at most one `active` BOM per product, and an active one never changes (a change is a new
 * version, which archives the old one when it is activated).
 */
export const Bom = defineEntity({
  name: 'Bom',
  tableName: 'bom',
  properties: {
    id: p.integer().primary().autoincrement(),
    product: () => p.manyToOne(Product),
    version: p.integer(),
    status: p.enum(bomStatuses).default('draft'),
    kind: p.enum(bomKinds).default('make'),
    outputQuantity: p.integer(),
    /** Days a batch takes to make (MRP moves start dates back by it). */
    produceDays: p.integer().default(0),
    createdBy: p.string().length(100),
    activatedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lines: () => p.oneToMany(BomLine).mappedBy('bom'),
  },
  uniques: [{ name: 'bom_product_version_unique', properties: ['product', 'version'] }],
  indexes: [{ name: 'bom_one_active_index', expression: `create unique index "bom_one_active_index" on "bom" ("product_id") where status = 'active'` }],
  checks: [{ name: 'bom_quantities', expression: 'output_quantity > 0 and produce_days >= 0 and version > 0' }],
});

export type Bom = InferEntity<typeof Bom>;

/** One component per batch, with the share of it expected to be lost (basis points, up to 50 %). */
export const BomLine = defineEntity({
  name: 'BomLine',
  tableName: 'bom_line',
  properties: {
    id: p.integer().primary().autoincrement(),
    bom: () => p.manyToOne(Bom).deleteRule('cascade'),
    component: () => p.manyToOne(Product),
    quantity: p.integer(),
    scrapBasisPoints: p.integer().default(0),
    sequence: p.integer().default(0),
  },
  uniques: [{ name: 'bom_line_component_unique', properties: ['bom', 'component'] }],
  checks: [{ name: 'bom_line_quantities', expression: 'quantity > 0 and scrap_basis_points >= 0 and scrap_basis_points <= 5000' }],
});

export type BomLine = InferEntity<typeof BomLine>;
