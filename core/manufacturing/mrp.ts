import { componentNeed, type BomFacts } from './bom-explosion.ts';

/** A product's active BOM as planning uses it. */
export interface PlanBom extends BomFacts {
  bomId: number;
  produceDays: number;
}

/** How a bought product is ordered at one warehouse (its reorder policy and preferred supplier). */
export interface BuyRule {
  productId: number;
  warehouseId: number;
  supplierId: number | null;
  leadTimeDays: number;
  safetyStock: number;
  /** The least one purchase order line may ask for. */
  minimum: number;
  /** Order in multiples of this (a case, a drum). */
  multiple: number;
}

/** Units that will arrive (an open purchase order line, an open production order's remaining output) or are wanted. */
export interface Flow {
  productId: number;
  warehouseId: number;
  quantity: number;
  at: Date;
  /** The document: `PO-000007`, `MO-…`, `SO-…`. */
  source: string;
}

export interface PlanInput {
  /** The start of the planning day: nothing is needed before it, a start date before it is late (so runs on one day agree). */
  today: Date;
  boms: ReadonlyMap<number, PlanBom>;
  /** Free units (on hand − reserved) by `productId/warehouseId`. */
  available: ReadonlyMap<string, number>;
  rules: readonly BuyRule[];
  receipts: readonly Flow[];
  demands: readonly Flow[];
  /** Lead time for a bought product without a rule. */
  defaultLeadTimeDays: number;
}

export interface PlannedSuggestion {
  productId: number;
  warehouseId: number;
  action: 'buy' | 'make';
  quantity: number;
  needBy: Date;
  startBy: Date;
  supplierId: number | null;
  bomId: number | null;
  late: boolean;
  /** The demands it covers, with how much of each. */
  pegging: Array<{ source: string; quantity: number }>;
}

const dayMs = 86_400_000;
const keyOf = (productId: number, warehouseId: number) => `${productId}/${warehouseId}`;
const roundUp = (quantity: number, multiple: number) => Math.ceil(quantity / Math.max(1, multiple)) * Math.max(1, multiple);
const byTime = (a: Flow, b: Flow) => a.at.getTime() - b.at.getTime() || a.source.localeCompare(b.source);

/**
 * Low-level codes: 0 for what nothing is made of, else one more than the deepest product it
 * goes into, so a product is netted only after every product that can add demand for it.
 */
export function lowLevelCodes(boms: ReadonlyMap<number, PlanBom>): Map<number, number> {
  const codes = new Map<number, number>();
  const visit = (productId: number, depth: number) => {
    if ((codes.get(productId) ?? -1) >= depth || depth > 20) return;
    codes.set(productId, depth);
    for (const line of boms.get(productId)?.lines ?? []) visit(line.componentId, depth + 1);
  };
  for (const productId of boms.keys()) visit(productId, 0);
  return codes;
}

/**
 * Material requirements planning, pure and deterministic (the same input gives the same
 * suggestions). Product by product in low-level-code order, each (product, warehouse) nets its
 * demands (safety stock first, then by date) against what is free and what will arrive, every
 * unit of supply given to one demand only, earliest first. What stays short becomes one
 * suggestion: `make` (whole batches) for a product with a `make` BOM, whose components then get
 * its needs as demand at its start date; else `buy` (at least the minimum, in multiples). A kit
 * is never stocked: its demand passes to its components. Start dates are the need date less the
 * production or supplier lead time; a start date already past is `late`.
 */
export function planMaterials(input: PlanInput): PlannedSuggestion[] {
  const demands = new Map<string, Flow[]>();
  const addDemand = (flow: Flow) => demands.set(keyOf(flow.productId, flow.warehouseId), [...(demands.get(keyOf(flow.productId, flow.warehouseId)) ?? []), flow]);
  input.demands.forEach(addDemand);
  for (const rule of input.rules) {
    if (rule.safetyStock > 0) addDemand({ productId: rule.productId, warehouseId: rule.warehouseId, quantity: rule.safetyStock, at: new Date(0), source: 'safety stock' });
  }
  const codes = lowLevelCodes(input.boms);
  const level = (productId: number) => codes.get(productId) ?? 0;
  const suggestions: PlannedSuggestion[] = [];
  const done = new Set<string>();
  for (;;) {
    // The next key to net: the lowest level code, then product and warehouse id (demand only flows to higher codes).
    const next = [...demands.keys()].filter((key) => !done.has(key)).map((key) => key.split('/').map(Number) as [number, number])
      .sort(([pa, wa], [pb, wb]) => level(pa) - level(pb) || pa - pb || wa - wb)[0];
    if (!next) break;
    const [productId, warehouseId] = next;
    done.add(keyOf(productId, warehouseId));
    const wanted = [...demands.get(keyOf(productId, warehouseId))!].sort(byTime);
    const bom = input.boms.get(productId);
    if (bom?.kind === 'kit') {
      for (const demand of wanted) {
        for (const line of bom.lines) addDemand({ productId: line.componentId, warehouseId, quantity: componentNeed(demand.quantity, line, bom.outputQuantity), at: demand.at, source: demand.source });
      }
      continue;
    }
    const shortfalls = net(wanted, input.available.get(keyOf(productId, warehouseId)) ?? 0, input.receipts.filter((flow) => flow.productId === productId && flow.warehouseId === warehouseId).sort(byTime));
    if (shortfalls.length === 0) continue;
    const short = shortfalls.reduce((sum, each) => sum + each.quantity, 0);
    const needBy = new Date(Math.max(input.today.getTime(), shortfalls[0]!.at.getTime()));
    const pegging = shortfalls.map((each) => ({ source: each.source, quantity: each.quantity }));
    if (bom) {
      const quantity = roundUp(short, bom.outputQuantity);
      const startBy = new Date(needBy.getTime() - bom.produceDays * dayMs);
      suggestions.push({ productId, warehouseId, action: 'make', quantity, needBy, startBy, supplierId: null, bomId: bom.bomId, late: startBy < input.today, pegging });
      const source = `make:${productId}`;
      for (const line of bom.lines) addDemand({ productId: line.componentId, warehouseId, quantity: componentNeed(quantity, line, bom.outputQuantity), at: startBy, source });
      continue;
    }
    const rule = input.rules.find((each) => each.productId === productId && each.warehouseId === warehouseId);
    const quantity = Math.max(rule?.minimum ?? 1, roundUp(short, rule?.multiple ?? 1));
    const startBy = new Date(needBy.getTime() - (rule?.leadTimeDays ?? input.defaultLeadTimeDays) * dayMs);
    suggestions.push({ productId, warehouseId, action: 'buy', quantity, needBy, startBy, supplierId: rule?.supplierId ?? null, bomId: null, late: startBy < input.today, pegging });
  }
  return suggestions;
}

/** Gives each demand, in order, the supply that is left (free stock first, then receipts by date); returns what stays short. */
function net(wanted: readonly Flow[], available: number, receipts: readonly Flow[]): Flow[] {
  const supply = [Math.max(0, available), ...receipts.map((receipt) => receipt.quantity)];
  let index = 0;
  const short: Flow[] = [];
  for (const demand of wanted) {
    let missing = demand.quantity;
    while (missing > 0 && index < supply.length) {
      const take = Math.min(missing, supply[index]!);
      supply[index] = supply[index]! - take;
      missing -= take;
      if (supply[index] === 0) index += 1;
    }
    if (missing > 0) short.push({ ...demand, quantity: missing });
  }
  return short;
}
