import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { Warehouse } from '../inventory/index.ts';
import { Bom } from './bom.entity.ts';
import type { BomFacts } from './bom-explosion.ts';

export const productionStatuses = ['draft', 'released', 'in_progress', 'done', 'cancelled'] as const;
export type ProductionStatus = (typeof productionStatuses)[number];
export const productionOrigins = ['manual', 'mrp', 'order'] as const;
export type ProductionOrigin = (typeof productionOrigins)[number];
export const consumptionPolicies = ['strict', 'flexible'] as const;
export type ConsumptionPolicy = (typeof consumptionPolicies)[number];

/**
 * A production order (MO): make `quantityPlanned` of a product by one BOM version at one
 * warehouse. Released, it holds its components' reservations (`production_component`); reports
 * consume them and add the output through the stock ledger; done or cancelled, it holds nothing.
 * Made to order, an order line is supplied by it (`order_line_supply`, orders' side): its output
 * is reserved for that line as it is made.
 */
export const ProductionOrder = defineEntity({
  name: 'ProductionOrder',
  tableName: 'production_order',
  properties: {
    id: p.integer().primary().autoincrement(),
    number: p.string().length(30).unique(),
    product: () => p.manyToOne(Product),
    bom: () => p.manyToOne(Bom),
    bomVersion: p.integer(),
    /** The BOM (and its kits) as they were at release: later versions never change a running MO. */
    bomSnapshot: p.json<BomFacts[]>().nullable(),
    warehouse: () => p.manyToOne(Warehouse),
    quantityPlanned: p.integer(),
    quantityGood: p.integer().default(0),
    quantityScrapped: p.integer().default(0),
    status: p.enum(productionStatuses).default('draft'),
    origin: p.enum(productionOrigins).default('manual'),
    dueAt: p.datetime().nullable(),
    startBy: p.datetime().nullable(),
    consumptionPolicy: p.enum(consumptionPolicies).default('strict'),
    closeReason: p.string().length(500).nullable(),
    createdBy: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
    releasedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    version: p.integer().default(1),
  },
  indexes: [
    { name: 'production_order_status_index', properties: ['status'] },
  ],
  checks: [{ name: 'production_order_quantities', expression: 'quantity_planned > 0 and quantity_good >= 0 and quantity_scrapped >= 0 and quantity_good + quantity_scrapped <= quantity_planned' }],
});

export type ProductionOrder = InferEntity<typeof ProductionOrder>;

/** One component of a released MO: what it takes in all, what is still reserved for it, what it used. */
export const ProductionComponent = defineEntity({
  name: 'ProductionComponent',
  tableName: 'production_component',
  properties: {
    id: p.integer().primary().autoincrement(),
    productionOrder: () => p.manyToOne(ProductionOrder).deleteRule('cascade'),
    product: () => p.manyToOne(Product),
    sku: p.string().length(64),
    quantityRequired: p.integer(),
    quantityReserved: p.integer(),
    quantityConsumed: p.integer().default(0),
  },
  uniques: [{ name: 'production_component_unique', properties: ['productionOrder', 'product'] }],
  checks: [{ name: 'production_component_quantities', expression: 'quantity_consumed >= 0 and quantity_reserved >= 0 and quantity_reserved <= quantity_required' }],
});

export type ProductionComponent = InferEntity<typeof ProductionComponent>;

/** One output report, once per key (a Slack action id, an API Idempotency-Key): a replay returns it unchanged. */
export const ProductionReport = defineEntity({
  name: 'ProductionReport',
  tableName: 'production_report',
  properties: {
    id: p.integer().primary().autoincrement(),
    productionOrder: () => p.manyToOne(ProductionOrder).deleteRule('cascade'),
    reportKey: p.string().length(200).unique(),
    quantityGood: p.integer(),
    quantityScrapped: p.integer(),
    /** Units of each component this report consumed, by SKU. */
    consumption: p.json<Record<string, number>>(),
    /** Output reserved for the pegged order line by this report. */
    reservedForOrder: p.integer().default(0),
    actor: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'production_report_quantities', expression: 'quantity_good >= 0 and quantity_scrapped >= 0 and quantity_good + quantity_scrapped > 0' }],
});

export type ProductionReport = InferEntity<typeof ProductionReport>;
