import type { PaymentStatus } from '../orders/index.ts';
import type { PaymentState, PaymentKind } from './payment.entity.ts';

/** What an order's rows add up to, in minor units. */
export interface PaymentTotals {
  /** Money the customer paid (collected by a carrier or received by the shop). */
  paidMinor: number;
  /** Refunds done. */
  refundedMinor: number;
  /** Refunds promised and not done yet (owed by finance or on their way through the provider). */
  refundingMinor: number;
  /** Cash carriers collected and have not handed over yet. */
  codOutstandingMinor: number;
}

export function totalsOf(rows: ReadonlyArray<{ kind: PaymentKind; state: PaymentState; amountMinor: number }>): PaymentTotals {
  const sum = (kind: PaymentKind, states: PaymentState[]) => rows.filter((row) => row.kind === kind && states.includes(row.state)).reduce((total, row) => total + row.amountMinor, 0);
  return {
    paidMinor: sum('payment', ['collected', 'succeeded']),
    refundedMinor: sum('refund', ['succeeded']),
    refundingMinor: sum('refund', ['pending', 'owed']),
    codOutstandingMinor: sum('payment', ['collected']),
  };
}

/**
 * An order's payment status from its totals: refunds first, then how much of the total is
 * paid; nothing paid is `pending` while a payment link is open, else `unpaid`.
 */
export function paymentStatusOf(totals: PaymentTotals, totalMinor: number, linkOpen: boolean): PaymentStatus {
  if (totals.refundedMinor > 0) return totals.refundedMinor >= totals.paidMinor ? 'refunded' : 'partially_refunded';
  if (totals.paidMinor >= totalMinor && totals.paidMinor > 0) return 'paid';
  if (totals.paidMinor > 0) return 'partially_paid';
  return linkOpen ? 'pending' : 'unpaid';
}

/** What may still be paid, and what may still be refunded. */
export function outstanding(totals: PaymentTotals, totalMinor: number): { dueMinor: number; refundableMinor: number } {
  return {
    dueMinor: Math.max(0, totalMinor - totals.paidMinor),
    refundableMinor: Math.max(0, totals.paidMinor - totals.refundedMinor - totals.refundingMinor),
  };
}
