/** What the reorder quantity is computed from. Pure data: no database. */
export interface ReorderInputs {
  reorderPoint: number;
  safetyStock: number;
  /** A fixed quantity from the policy; when set it wins. */
  reorderQuantity: number | null;
  leadTimeDays: number;
  /** Units ordered over the last 28 days. */
  demandLast28Days: number;
  /** Units ordered in the coming 28 days' window one year ago (the season ahead), and the 28 days before it. */
  lastYearAhead: number;
  lastYearBefore: number;
  available: number;
  /** Ordered from suppliers and not received yet. */
  onOrder: number;
}

export interface ReorderSuggestion {
  quantity: number;
  averageDailyDemand: number;
  /** Demand growth into the same weeks last year (1 = none or no history), capped to 0.5–3. */
  seasonalUplift: number;
  /** Available plus on order is below the reorder point: time to buy. */
  belowPoint: boolean;
}

/**
 * The policy: buy the fixed reorder quantity when the policy has one; otherwise average daily
 * demand over the last 28 days × seasonal uplift × supplier lead time + safety stock, and at
 * least enough to lift available + on order back above the reorder point.
 */
export function suggestReorder(inputs: ReorderInputs): ReorderSuggestion {
  const averageDailyDemand = inputs.demandLast28Days / 28;
  const seasonalUplift = inputs.lastYearAhead > 0 && inputs.lastYearBefore > 0
    ? Math.min(3, Math.max(0.5, inputs.lastYearAhead / inputs.lastYearBefore))
    : 1;
  const position = inputs.available + inputs.onOrder;
  const computed = Math.ceil(averageDailyDemand * seasonalUplift * inputs.leadTimeDays + inputs.safetyStock);
  const quantity = inputs.reorderQuantity ?? Math.max(computed, inputs.reorderPoint - position + 1, 1);
  return { quantity, averageDailyDemand, seasonalUplift, belowPoint: position < inputs.reorderPoint };
}
