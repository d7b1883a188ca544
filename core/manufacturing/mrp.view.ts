import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { MrpSuggestion, type SuggestionAction, type SuggestionStatus } from './mrp.entity.ts';

export interface SuggestionView {
  id: number;
  runId: number;
  sku: string;
  name: string;
  warehouse: string;
  action: SuggestionAction;
  quantity: number;
  needBy: string;
  startBy: string;
  /** Buy: the supplier's code (null when the product has none yet). */
  supplier: string | null;
  late: boolean;
  pegging: Array<{ source: string; quantity: number }>;
  status: SuggestionStatus;
  /** The purchase or production order it became. */
  convertedTo: string | null;
}

export interface PlanView {
  runId: number;
  startedAt: string;
  horizonDays: number;
  suggestions: SuggestionView[];
}

/** Suggestions matching `where`, late ones first, then by start date and SKU. */
export async function suggestionViews(em: EntityManager, where: FilterQuery<MrpSuggestion>): Promise<SuggestionView[]> {
  const rows = await em.find(MrpSuggestion, where, { populate: ['product', 'warehouse', 'supplier'], refresh: true });
  return rows
    .map((row) => ({
      id: row.id, runId: row.run.id, sku: row.product.sku, name: row.product.name, warehouse: row.warehouse.code, action: row.action, quantity: row.quantity,
      needBy: row.needBy.toISOString(), startBy: row.startBy.toISOString(), supplier: row.supplier?.code ?? null, late: row.late, pegging: row.pegging,
      status: row.status, convertedTo: row.convertedTo ?? null,
    }))
    .sort((a, b) => Number(b.late) - Number(a.late) || a.startBy.localeCompare(b.startBy) || a.sku.localeCompare(b.sku) || a.id - b.id);
}
