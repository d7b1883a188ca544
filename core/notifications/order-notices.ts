import type { OutboxRecord } from '../shared/outbox.ts';
import { approvalTimeoutReason, type OrderStatus } from '../orders/index.ts';
import { paymentExpiredReason } from '../payments/index.ts';
import type { CreditHoldReason, CustomerHistory, Notice, OrderSummary } from './notice.ts';

/** Who hears about an event: the order's customer, the approvals or ops channel, or the admins of the buyer's company. */
export type Audience = 'customer' | 'approvals' | 'ops' | 'account_admins';

/** What the notices of one order event need to know about the order. */
export interface OrderSnapshot {
  summary: OrderSummary;
  customerName: string;
  history: CustomerHistory;
}

/**
 * The notices an order event causes, per audience. Pure: the topic and payload say what
 * happened, the snapshot says what the order looks like.
 */
export function noticesForOrderEvent(event: OutboxRecord, order: OrderSnapshot): Array<{ audience: Audience; notice: Notice }> {
  return [...eventNotices(event, order), ...cutAtPlacement(event, order)];
}

/** A company on `cancel_remainder` is told which units were not in stock and were left off its order. */
function cutAtPlacement(event: OutboxRecord, order: OrderSnapshot): Array<{ audience: Audience; notice: Notice }> {
  const cut = Array.isArray(event.payload.cut) ? (event.payload.cut as Array<{ sku: string; name: string; nameZh: string | null; units: number }>) : [];
  return cut.map((line) => ({ audience: 'customer', notice: {
    kind: 'order_lines_changed', orderNumber: order.summary.number, change: 'cancelled', name: String(line.name), nameZh: line.nameZh ?? null, units: Number(line.units),
    expectedAt: null, totalMinor: order.summary.totalMinor, refundMinor: 0, currency: order.summary.currency,
  } }));
}

function eventNotices(event: OutboxRecord, order: OrderSnapshot): Array<{ audience: Audience; notice: Notice }> {
  const number = order.summary.number;
  const reason = typeof event.payload.reason === 'string' ? event.payload.reason : null;
  // A booking's order is told through the booking's own messages (confirmed with its price, cancelled).
  if (event.payload.booking !== undefined && ['order.placed', 'order.cancelled', 'order.status_changed'].includes(event.topic)) return [];
  switch (event.topic) {
    case 'order.placed':
      return [{ audience: 'customer', notice: { kind: 'order_confirmed', order: order.summary } }];
    case 'order.approval_requested': {
      const reasons = Array.isArray(event.payload.approvalReasons) ? event.payload.approvalReasons.map(String) : [];
      // Over the buyer's own limit: the company's admins decide first, in their chat; staff are asked after.
      if (reasons.includes('buyer_limit')) {
        return [
          { audience: 'customer', notice: { kind: 'order_awaiting_buyer_approval', order: order.summary } },
          { audience: 'account_admins', notice: { kind: 'buyer_approval_request', order: order.summary, buyerName: order.customerName } },
        ];
      }
      return [
        { audience: 'customer', notice: { kind: 'order_awaiting_approval', order: order.summary } },
        { audience: 'approvals', notice: { kind: 'staff_approval_requested', order: order.summary, customerName: order.customerName, reasons, history: order.history } },
      ];
    }
    case 'order.credit_hold': {
      const hold = String(event.payload.creditHold) as CreditHoldReason;
      return [
        { audience: 'customer', notice: { kind: 'order_credit_hold', order: order.summary, reason: hold } },
        { audience: 'approvals', notice: { kind: 'staff_credit_hold', order: order.summary, customerName: order.customerName, account: String(event.payload.account), reason: hold } },
      ];
    }
    case 'order.payment_overdue': {
      const due = { orderNumber: number, amountMinor: Number(event.payload.amountMinor), currency: String(event.payload.currency), dueAt: String(event.payload.dueAt) };
      return [
        { audience: 'customer', notice: { kind: 'payment_overdue', ...due } },
        { audience: 'ops', notice: { kind: 'staff_payment_overdue', customerName: order.customerName, ...due } },
      ];
    }
    case 'order.approved':
      return [{ audience: 'customer', notice: { kind: 'order_approved', order: order.summary } }];
    case 'order.rejected':
      return [{ audience: 'customer', notice: reason === approvalTimeoutReason ? { kind: 'order_approval_expired', orderNumber: number } : { kind: 'order_rejected', orderNumber: number, reason } }];
    case 'order.cancelled':
      return [{ audience: 'customer', notice: reason === paymentExpiredReason ? { kind: 'order_payment_expired', orderNumber: number } : { kind: 'order_cancelled', orderNumber: number, reason } }];
    case 'payment.received': {
      // Cash on delivery is paid with the parcel: the delivery message says enough.
      if (event.payload.method === 'cash_on_delivery') return [];
      const amountMinor = Number(event.payload.amountMinor);
      const paidMinor = Number(event.payload.paidMinor ?? amountMinor);
      return [{ audience: 'customer', notice: { kind: 'payment_received', orderNumber: number, amountMinor, currency: String(event.payload.currency), dueMinor: Math.max(0, order.summary.totalMinor - paidMinor) } }];
    }
    case 'payment.reminder':
      return [{ audience: 'customer', notice: { kind: 'payment_reminder', orderNumber: number, amountMinor: Number(event.payload.amountMinor), currency: String(event.payload.currency), url: String(event.payload.url), expiresAt: String(event.payload.expiresAt) } }];
    case 'payment.refunded':
      return [{ audience: 'customer', notice: { kind: 'payment_refunded', orderNumber: number, amountMinor: Number(event.payload.amountMinor), currency: String(event.payload.currency) } }];
    case 'order.status_changed':
      // An order shipped in several parcels (or in rounds) is told parcel by parcel (their own events).
      if (event.payload.to === 'partially_shipped') return [];
      if (event.payload.to === 'shipped' && event.payload.parcels !== undefined && Number(event.payload.parcels) !== 1) return [];
      return [{ audience: 'customer', notice: statusNotice(number, String(event.payload.to) as OrderStatus, event.payload, event.createdAt) }];
    case 'order.lines_changed': {
      const line = order.summary.lines.find((each) => each.sku === event.payload.sku);
      return [{ audience: 'customer', notice: {
        kind: 'order_lines_changed', orderNumber: number, change: event.payload.change === 'backordered' ? 'backordered' : 'cancelled',
        name: line?.name ?? String(event.payload.sku), nameZh: line?.nameZh ?? null, units: Number(event.payload.units), expectedAt: line?.expectedAt ?? null,
        totalMinor: Number(event.payload.totalMinor), refundMinor: Number(event.payload.refundMinor), currency: String(event.payload.currency),
      } }];
    }
    case 'fulfilment.short_pick':
      return [{ audience: 'ops', notice: {
        kind: 'staff_short_pick', pickList: String(event.payload.pickList), orderNumber: number, warehouse: String(event.payload.warehouse),
        sku: String(event.payload.sku), name: String(event.payload.name), asked: Number(event.payload.asked), missing: Number(event.payload.missing),
      } }];
    case 'route.approaching':
      return [{ audience: 'customer', notice: { kind: 'delivery_approaching', orderNumber: number, stopsAway: Number(event.payload.stopsAway) } }];
    case 'order.ready':
      return [{ audience: 'customer', notice: { kind: 'order_ready', orderNumber: number } }];
    case 'production.detached':
      return [{ audience: 'ops', notice: {
        kind: 'staff_production_detached', orderNumber: number, productionOrder: String(event.payload.productionOrder), sku: String(event.payload.sku),
        good: Number(event.payload.good), planned: Number(event.payload.planned),
      } }];
    case 'feedback.requested':
      return [{ audience: 'customer', notice: { kind: 'feedback_request', orderNumber: number } }];
    case 'shipment.updated':
      if (event.payload.status === 'shipped') {
        return [{ audience: 'customer', notice: {
          kind: 'parcel_shipped', orderNumber: number, parcel: Number(event.payload.parcel), parcels: event.payload.parcels ? Number(event.payload.parcels) : null,
          carrier: textOrNull(event.payload.carrier) ?? '', trackingNumber: textOrNull(event.payload.trackingNumber) ?? '', items: textOrNull(event.payload.items) ?? '',
        } }];
      }
      return [{ audience: 'customer', notice: {
        kind: 'shipment_update', orderNumber: number, status: String(event.payload.status),
        carrier: textOrNull(event.payload.carrier) ?? '', trackingNumber: textOrNull(event.payload.trackingNumber) ?? '',
      } }];
    default:
      return [];
  }
}

function statusNotice(orderNumber: string, status: OrderStatus, payload: Record<string, unknown>, at: Date): Notice {
  if (status === 'shipped') {
    return { kind: 'order_shipped', orderNumber, carrier: textOrNull(payload.carrier), trackingNumber: textOrNull(payload.trackingNumber) };
  }
  if (status === 'delivered') return { kind: 'order_delivered', orderNumber };
  if (status === 'delivery_failed' && typeof payload.attempt === 'number') {
    return { kind: 'delivery_failed', orderNumber, attempt: payload.attempt, maxAttempts: Number(payload.maxAttempts ?? payload.attempt), failedAt: at.toISOString() };
  }
  return { kind: 'order_status_changed', orderNumber, status };
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
