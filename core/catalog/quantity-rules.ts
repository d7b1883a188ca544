/** A product's case-pack rule, as checks see it. */
export interface QuantityRuleFacts {
  minimum: number;
  increment: number;
  maximum: number | null;
}

/** Why a quantity breaks its rule, with the nearest quantities that keep it (null: none that side). */
export interface QuantityProblem extends QuantityRuleFacts {
  nearest: [below: number | null, above: number | null];
}

/**
 * The quantity check, pure: at least `minimum`, a multiple of `increment` (the minimum is one),
 * at most `maximum`. Null when the quantity is fine.
 */
export function checkQuantity(quantity: number, rule: QuantityRuleFacts): QuantityProblem | null {
  const { minimum, increment, maximum } = rule;
  if (quantity >= minimum && quantity % increment === 0 && (maximum === null || quantity <= maximum)) return null;
  const within = (value: number) => value >= minimum && (maximum === null || value <= maximum);
  const below = Math.floor(quantity / increment) * increment;
  const above = Math.max(minimum, Math.ceil(quantity / increment) * increment);
  const nearestBelow = within(below) && below < quantity ? below : maximum !== null && quantity > maximum ? maximum : null;
  return { minimum, increment, maximum, nearest: [nearestBelow, within(above) && above > quantity ? above : null] };
}

/** What is wrong with a rule itself (Shopify's checks), or null. */
export function ruleProblem(rule: QuantityRuleFacts): string | null {
  if (!Number.isInteger(rule.minimum) || rule.minimum < 1) return 'minimum must be a whole number of at least 1';
  if (!Number.isInteger(rule.increment) || rule.increment < 1) return 'increment must be a whole number of at least 1';
  if (rule.increment > rule.minimum || rule.minimum % rule.increment !== 0) return 'the minimum must be a multiple of the increment';
  if (rule.maximum !== null && (rule.maximum < rule.minimum || rule.maximum % rule.increment !== 0)) return 'the maximum must be at least the minimum and a multiple of the increment';
  return null;
}
