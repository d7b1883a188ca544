import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { Warehouse } from '../inventory/index.ts';
import { Supplier } from '../procurement/supplier.entity.ts';
import { Bom } from './bom.entity.ts';

export const suggestionStatuses = ['open', 'accepted', 'dismissed', 'superseded'] as const;
export type SuggestionStatus = (typeof suggestionStatuses)[number];
export const suggestionActions = ['buy', 'make'] as const;
export type SuggestionAction = (typeof suggestionActions)[number];

/** One planning run: what it read is one snapshot; its suggestions replace the open ones of the run before. */
export const MrpRun = defineEntity({
  name: 'MrpRun',
  tableName: 'mrp_run',
  properties: {
    id: p.integer().primary().autoincrement(),
    startedAt: p.datetime(),
    finishedAt: p.datetime(),
    horizonDays: p.integer(),
    status: p.enum(['finished'] as const).default('finished'),
    startedBy: p.string().length(100),
  },
});

export type MrpRun = InferEntity<typeof MrpRun>;

/**
 * What planning suggests: buy (a purchase order line) or make (a production order) so much of a
 * product at a warehouse, needed by a date and to start by one (`late` when that is past). Staff
 * accept it (it becomes a draft PO or MO, named in `convertedTo`, and counts as supply from then
 * on, as that document) or dismiss it; the next run supersedes what is still open.
 */
export const MrpSuggestion = defineEntity({
  name: 'MrpSuggestion',
  tableName: 'mrp_suggestion',
  properties: {
    id: p.integer().primary().autoincrement(),
    run: () => p.manyToOne(MrpRun),
    product: () => p.manyToOne(Product),
    warehouse: () => p.manyToOne(Warehouse),
    action: p.enum(suggestionActions),
    quantity: p.integer(),
    needBy: p.datetime(),
    startBy: p.datetime(),
    supplier: () => p.manyToOne(Supplier).nullable(),
    bom: () => p.manyToOne(Bom).nullable(),
    late: p.boolean(),
    /** The demands it covers: `[{ source: 'SO-…' | 'make GB-01' | 'safety stock', quantity }]`. */
    pegging: p.json<Array<{ source: string; quantity: number }>>(),
    status: p.enum(suggestionStatuses).default('open'),
    convertedTo: p.string().length(30).nullable(),
    decidedBy: p.string().length(100).nullable(),
    decidedAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'mrp_suggestion_open_index', expression: `create index "mrp_suggestion_open_index" on "mrp_suggestion" ("run_id") where status = 'open'` }],
  checks: [{ name: 'mrp_suggestion_quantity_positive', expression: 'quantity > 0' }],
});

export type MrpSuggestion = InferEntity<typeof MrpSuggestion>;
