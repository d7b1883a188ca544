import { AppError } from '../shared/errors.ts';
import { resolveUnitPrice } from '../catalog/index.ts';
import { paymentDueAt, type PaymentTerms } from '../customers/index.ts';
import type { AccountFacts, IntakeSnapshot } from './intake.read.ts';
import type { ProductFacts, RequestedLine } from './order-verification.ts';

/**
 * A member of a company orders for it: a viewer or a member switched off may not, nor anybody
 * of a closed account (403, nothing written).
 */
export function checkMember(account: AccountFacts | null): void {
  if (!account) return;
  if (account.status === 'closed') throw new AppError('forbidden', `Account ${account.code} is closed`, { account: account.code });
  if (!account.memberActive || account.role === 'viewer') {
    throw new AppError('forbidden', `A ${account.memberActive ? account.role : 'former member'} of ${account.code} may not place orders`, { account: account.code, role: account.role });
  }
}

/**
 * The products as this buyer is charged for them: the unit price resolved from their account's
 * price list for the line's (merged) quantity, and backorders allowed when the account's policy
 * takes them. Without an account, the catalogue as it is; with `frozen` (an accepted quote), its prices.
 */
export function productsForBuyer(snapshot: IntakeSnapshot, merged: readonly RequestedLine[], at: Date, frozen?: ReadonlyMap<string, number>): ProductFacts[] {
  const { account } = snapshot;
  if (!account && !frozen) return snapshot.products;
  const quantityOf = (sku: string) => merged.find((line) => line.sku === sku)?.quantity ?? 1;
  // An accepted quote's prices were decided when it was sent: they stand, whatever the list says now.
  const priceOf = (product: ProductFacts) => frozen?.get(product.sku) ?? (account ? resolveUnitPrice(product, quantityOf(product.sku), snapshot.priceItems, at).unitPriceMinor : product.priceMinor);
  return snapshot.products.map((product) => ({
    ...product,
    priceMinor: priceOf(product),
    allowBackorder: product.allowBackorder === true || (account !== null && account.backorderPolicy !== 'cancel_remainder'),
  }));
}

/**
 * A buyer's own spending limits: an order above their order limit, or taking their orders of
 * the calendar month (this one included) above their monthly limit, waits for an admin of their
 * company (`buyer_limit`), who decides in their chat.
 */
export function buyerLimit(account: AccountFacts | null, totalMinor: number): string[] {
  if (!account || account.role === 'admin') return [];
  const overOrder = account.orderLimitMinor !== null && totalMinor > account.orderLimitMinor;
  const overMonth = account.monthlyLimitMinor !== null && account.monthSpentMinor + totalMinor > account.monthlyLimitMinor;
  return overOrder || overMonth ? [buyerLimitReason] : [];
}

/** The approval reason of an order over its buyer's own limit (decided by an admin of the company). */
export const buyerLimitReason = 'buyer_limit';

/** The account's part of an order: who, terms and due date, and the credit `place_order` must check. */
export interface AccountTerms {
  order: { account_id: number; member_id: number; payment_terms: PaymentTerms; payment_due_at: string | null; customer_po_ref: string | null };
  credit: { accountId: number; amountMinor: number; hold: 'overdue' | 'account_on_hold' | null } | null;
  view: { account: string; paymentTerms: PaymentTerms; paymentDueAt: string | null; customerPoRef: string | null };
}

export function accountTerms(account: AccountFacts | null, currency: string, totalMinor: number, placedAt: Date, timeZone: string, poRef: string | undefined): AccountTerms | null {
  if (!account) return null;
  if (account.paymentTerms !== 'prepaid' && currency !== account.currency) {
    throw new AppError('mixed_currency', `Account ${account.code} buys on credit in ${account.currency}, not ${currency}`, { currencies: [account.currency, currency] });
  }
  const due = paymentDueAt(account.paymentTerms, placedAt, timeZone)?.toISOString() ?? null;
  const hold = account.overdue ? 'overdue' : account.status === 'on_hold' ? 'account_on_hold' : null;
  return {
    order: { account_id: account.id, member_id: account.memberId, payment_terms: account.paymentTerms, payment_due_at: due, customer_po_ref: poRef ?? null },
    credit: account.paymentTerms === 'prepaid' ? null : { accountId: account.id, amountMinor: totalMinor, hold },
    view: { account: account.code, paymentTerms: account.paymentTerms, paymentDueAt: due, customerPoRef: poRef ?? null },
  };
}

/** Units a `cancel_remainder` company asked for that were not in stock, taken off at placement. */
export interface CutLine {
  sku: string;
  name: string;
  nameZh: string | null;
  units: number;
}

/**
 * A company on `cancel_remainder` takes what is in stock now and drops the rest (told to the
 * buyer): each line is cut to the units free over all warehouses, rounded down to its case
 * rule; a line with nothing left goes. Other buyers' lines, and products sold on backorder, are
 * left as they are. Nothing left at all is the usual 409 `insufficient_stock` (from the checks).
 */
export function cutToStock(account: AccountFacts | null, lines: RequestedLine[], products: readonly ProductFacts[], stock: IntakeSnapshot['stock']): { lines: RequestedLine[]; cut: CutLine[] } {
  if (account?.backorderPolicy !== 'cancel_remainder') return { lines, cut: [] };
  const cut: CutLine[] = [];
  const kept = lines.flatMap((line) => {
    const product = products.find((each) => each.sku === line.sku);
    if (!product || product.allowBackorder) return [line];
    const free = stock.filter((row) => row.productId === product.id).reduce((sum, row) => sum + Math.max(0, row.available), 0);
    if (free >= line.quantity) return [line];
    const rule = product.quantityRule;
    const fits = rule ? Math.floor(free / rule.increment) * rule.increment : free;
    const take = rule && fits < rule.minimum ? 0 : fits;
    cut.push({ sku: product.sku, name: product.name, nameZh: product.nameZh ?? null, units: line.quantity - take });
    return take > 0 ? [{ ...line, quantity: take }] : [];
  });
  return kept.length > 0 ? { lines: kept, cut } : { lines, cut: [] };
}
