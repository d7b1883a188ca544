import { z } from 'zod';
import { abcClasses, countStatuses, transferStatuses } from '../../../core/inventory/index.ts';
import { purchaseOrderStatuses } from '../../../core/procurement/index.ts';
import { shortPickChoices } from '../../../core/fulfilment/index.ts';
import { shipmentStatuses } from '../../../core/logistics/index.ts';
import { returnStatuses, ticketKinds, ticketPriorities, ticketStatuses } from '../../../core/service/index.ts';

/**
 * Response shapes of REST API v1 besides orders and products (`schemas.ts`). With
 * `API_CHECK_RESPONSES` every answer is parsed with its schema, so the document cannot drift.
 */

const text = z.string();
const nullableText = z.string().nullable();
const int = z.number().int();
const stockLines = z.array(z.object({ sku: text, quantity: int }));

/** `{ items: [...] }`, the shape of every list. */
export const itemsOf = (schema: z.ZodType) => z.object({ items: z.array(schema) });

export const warehouseView = z.object({
  code: text, name: text, nameZh: nullableText, isDefault: z.boolean(), latitude: z.number().nullable(), longitude: z.number().nullable(),
});

export const transferView = z.object({
  number: text, from: text, to: text, status: z.enum(transferStatuses), lines: stockLines,
  createdAt: text, shippedAt: nullableText, receivedAt: nullableText,
});

export const countView = z.object({
  id: int, warehouse: text, status: z.enum(countStatuses), openedBy: text, approvedBy: nullableText,
  lines: z.array(z.object({ sku: text, expected: int, counted: int.nullable(), variance: int.nullable(), countedBy: nullableText })),
});

export const reorderPolicyView = z.object({ sku: text, reorderPoint: int, safetyStock: int, reorderQuantity: int.nullable(), abcClass: z.enum(abcClasses), abcFixed: z.boolean(), minOrderQuantity: int, orderMultiple: int });

export const integrityView = z.object({
  ok: z.boolean(),
  mismatches: z.array(z.object({ warehouse: text, sku: text, onHand: int, reserved: int, ledgerOnHand: int, ledgerReserved: int, openReservations: int })),
});

export const supplierView = z.object({ code: text, name: text, leadTimeDays: int, email: nullableText, phone: nullableText });

export const purchaseOrderView = z.object({
  number: text, supplier: text, warehouse: text, status: z.enum(purchaseOrderStatuses), expectedAt: nullableText, createdBy: text,
  lines: z.array(z.object({ sku: text, ordered: int, received: int })),
});

export const pickListView = z.object({
  number: text, warehouse: text, status: text, orders: z.array(text),
  lines: z.array(z.object({
    order: text, sku: text, name: text, barcode: nullableText, bin: nullableText, quantity: int, scanned: int,
    short: int.describe('Units reported missing, waiting for staff to decide'),
  })),
});
export const pickListCreatedView = pickListView.extend({ printUrl: z.url().describe('The printable page with its scan box; the token in it is shown once') });
export const scanView = pickListView.extend({ packed: z.array(text).describe('Orders packed by this scan') });

export const shortPickOutcomeView = z.object({
  order: text, sku: text, choice: z.enum(shortPickChoices), missing: int, cancelled: int.describe('Units taken off the order'),
  creditedMinor: int.describe('What the order total came down by'), refundMinor: int.describe('The refund asked for (what was paid above the new total)'),
  status: text.describe('The order status after the decision'),
});

export const binView = z.object({ warehouse: text.optional(), sku: text, bin: text });

export const shipmentView = z.object({
  orderNumber: text, carrier: text, service: text, trackingNumber: text, status: z.enum(shipmentStatuses), weightGrams: int,
  priceMinor: int, currency: text, estimatedDelivery: text, reason: text, reasonZh: text,
});

export const reattemptView = z.object({ orderNumber: text, date: text, attempt: int });
/** A shipped order: its first parcel, and every parcel (one per warehouse it leaves from). */
export const shippedView = shipmentView.extend({ parcels: z.array(shipmentView) });
export const carrierView = z.object({ code: text, name: text, onTimeRate: z.number() });
export const trackingView = z.object({ applied: int, duplicates: int, unknown: int });

export const returnView = z.object({
  rma: text, orderNumber: text, status: z.enum(returnStatuses), reason: text, resolution: nullableText, refundStatus: text, lines: stockLines,
});

export const ticketView = z.object({
  number: text, kind: z.enum(ticketKinds), status: z.enum(ticketStatuses), priority: z.enum(ticketPriorities), orderNumber: nullableText,
  description: text, createdAt: text, reused: z.boolean().optional(),
});
export const ticketDetailView = ticketView.extend({ customerName: text, assigneeSlackId: nullableText, escalationLevel: int, resolution: nullableText });

/** The daily digest's figures: the day, the same a week earlier, and 14 days of series. */
export const dailyReportView = z.looseObject({
  date: text, timeZone: text, weekAgo: z.looseObject({}), series: z.array(z.looseObject({})),
});

export const paymentView = z.object({
  orderNumber: text, paymentMethod: text, paymentStatus: text, currency: text, totalMinor: int, paidMinor: int, dueMinor: int,
  refundedMinor: int, refundingMinor: int, codOutstandingMinor: int,
  link: z.object({ url: text, expiresAt: text }).nullable(),
  payments: z.array(z.object({
    id: int, kind: z.enum(['payment', 'refund']), method: text, state: z.enum(['pending', 'collected', 'succeeded', 'owed', 'failed']), amountMinor: int,
    provider: nullableText, reference: nullableText, note: nullableText, recordedBy: text, createdAt: text, settledAt: nullableText,
  })),
});
export const paymentLinkView = z.object({ sessionId: text, url: text, expiresAt: text });
