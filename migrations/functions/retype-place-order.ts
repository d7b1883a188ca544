import { rewriteFunction } from './rewrite-function.ts';

/** `place_order(jsonb)` as it stands, with its money fields read as `to` instead of `from` (rewritten from its own definition). */
export function retypePlaceOrder(from: string, to: string): string {
  return rewriteFunction('place_order(jsonb)', [
    [`subtotal_minor ${from}, shipping_minor ${from}, total_minor ${from}`, `subtotal_minor ${to}, shipping_minor ${to}, total_minor ${to}`],
    [`unit_price_minor ${from}, line_total_minor ${from}`, `unit_price_minor ${to}, line_total_minor ${to}`],
  ]);
}
