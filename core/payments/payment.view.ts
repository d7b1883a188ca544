import type { Order } from '../orders/index.ts';
import type { Payment, PaymentLink } from './payment.entity.ts';
import { outstanding, totalsOf } from './payment-status.ts';

/** An order's money as clients see it: the totals, what is due, the rows, the payment page. */
export interface PaymentView {
  orderNumber: string;
  paymentMethod: string;
  paymentStatus: string;
  currency: string;
  totalMinor: number;
  paidMinor: number;
  dueMinor: number;
  refundedMinor: number;
  /** Refunds promised and not done yet. */
  refundingMinor: number;
  /** Cash a carrier collected and has not handed over yet. */
  codOutstandingMinor: number;
  link: { url: string; expiresAt: string } | null;
  payments: Array<{
    id: number; kind: string; method: string; state: string; amountMinor: number; provider: string | null; reference: string | null;
    note: string | null; recordedBy: string; createdAt: string; settledAt: string | null;
  }>;
}

export function toPaymentView(order: Order, rows: Payment[], link: PaymentLink | null): PaymentView {
  const totals = totalsOf(rows);
  return {
    orderNumber: order.number, paymentMethod: order.paymentMethod, paymentStatus: order.paymentStatus, currency: order.currency, totalMinor: order.totalMinor,
    paidMinor: totals.paidMinor, dueMinor: outstanding(totals, order.totalMinor).dueMinor, refundedMinor: totals.refundedMinor,
    refundingMinor: totals.refundingMinor, codOutstandingMinor: totals.codOutstandingMinor,
    link: link ? { url: link.url, expiresAt: link.expiresAt.toISOString() } : null,
    payments: rows.map((row) => ({
      id: row.id, kind: row.kind, method: row.method, state: row.state, amountMinor: row.amountMinor, provider: row.provider ?? null, reference: row.reference ?? null,
      note: row.note ?? null, recordedBy: row.recordedBy, createdAt: row.createdAt.toISOString(), settledAt: row.settledAt ? row.settledAt.toISOString() : null,
    })),
  };
}
