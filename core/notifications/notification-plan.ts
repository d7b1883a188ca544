import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import { approvalTimeoutReason, type OrderStatus } from '../orders/index.ts';
import { paymentExpiredReason } from '../payments/index.ts';
import { orderSnapshots } from './order-snapshots.ts';
import { chatIdentities, toCustomer, toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';
import { planTicketNotifications } from './ticket-notices.ts';
import { planInventoryNotifications } from './inventory-notices.ts';
import { planSupplierNotifications } from './supplier-notices.ts';
import { planReturnNotifications } from './return-notices.ts';
import { planQuoteNotifications } from './quote-notices.ts';
import { planChatReplies, planOpsNotifications } from './ops-notices.ts';
import type { CreditHoldReason, CustomerHistory, Notice, OrderSummary } from './notice.ts';
import type { Locale } from '../customers/index.ts';

/** Who hears about an event: the order's customer, or the staff approvals channel. */
type Audience = 'customer' | 'approvals' | 'ops' | 'account_admins';

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

/** Plans the notifications for a batch of relayed events (a few queries per batch, not per event). */
export async function planNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const planned = [
    ...(await planOrderNotifications(em, events, settings)),
    ...(await planTicketNotifications(em, events, settings)),
    ...(await planInventoryNotifications(em, events, settings)),
    ...(await planReturnNotifications(em, events, settings)),
    ...(await planSupplierNotifications(em, events, settings)),
    ...(await planQuoteNotifications(em, events, settings)),
    ...planOpsNotifications(events, settings),
    ...planChatReplies(events, settings),
  ];
  return planned.sort((a, b) => a.eventId - b.eventId);
}

/** Order events: the orders with their lines and the reachable chat identities, in three queries. */
async function planOrderNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const numbers = [...new Set(events.filter((event) => event.aggregateType === 'order').map((event) => event.aggregateId))];
  if (numbers.length === 0) return [];
  const orders = await orderSnapshots(em, numbers);
  const identities = await chatIdentities(em, [...orders.values()].map((order) => order.customer.id), settings);
  const histories = await customerHistories(em, events.filter((event) => event.topic === 'order.approval_requested').map((event) => event.aggregateId));
  const admins = await accountAdmins(em, events.filter((event) => event.topic === 'order.approval_requested').map((event) => event.aggregateId));
  const adminIdentities = await chatIdentities(em, [...admins.values()].flat().map((admin) => admin.id), settings);

  return events.flatMap((event) => {
    const order = orders.get(event.aggregateId);
    if (event.aggregateType !== 'order' || !order) return [];
    const history = histories.get(event.aggregateId) ?? { previousOrders: 0, cancelledOrders: 0 };
    const snapshot: OrderSnapshot = { summary: order.summary, customerName: order.customer.name, history };
    return noticesForOrderEvent(event, snapshot).flatMap(({ audience, notice }): PlannedNotification[] => {
      if (audience === 'account_admins') return (admins.get(event.aggregateId) ?? []).flatMap((admin) => toCustomer(adminIdentities, event.id, admin, notice));
      if (audience !== 'customer') {
        return settings.channels.has('slack') ? toStaff(audience === 'approvals' ? settings.approvalsChannel : settings.opsChannel, event.id, settings.staffLocale, notice) : [];
      }
      return toCustomer(identities, event.id, order.customer, notice);
    });
  });
}

/** For each order number of a company account: the account's active admins (who decide about their buyers' limits). */
async function accountAdmins(em: EntityManager, numbers: string[]): Promise<Map<string, Array<{ id: number; locale: Locale }>>> {
  if (numbers.length === 0) return new Map();
  const rows = await em.execute<Array<{ number: string; customer_id: number; locale: Locale }>>(
    `select o.number, c.id as customer_id, c.locale from "order" o
       join account_member m on m.account_id = o.account_id and m.role = 'admin' and m.active
       join customer c on c.id = m.customer_id
      where o.number in (?) order by c.id`,
    [numbers],
  );
  const byOrder = new Map<string, Array<{ id: number; locale: Locale }>>();
  for (const row of rows) byOrder.set(row.number, [...(byOrder.get(row.number) ?? []), { id: Number(row.customer_id), locale: row.locale }]);
  return byOrder;
}

/** For each order number: how many orders its customer placed before it, and how many of those were cancelled. */
async function customerHistories(em: EntityManager, numbers: string[]): Promise<Map<string, CustomerHistory>> {
  if (numbers.length === 0) return new Map();
  const rows = await em.execute<Array<{ number: string; previous: string; cancelled: string }>>(
    `select o.number, count(p.id) as previous, count(p.id) filter (where p.status in ('cancelled', 'rejected')) as cancelled
       from "order" o left join "order" p on p.customer_id = o.customer_id and p.id < o.id
      where o.number in (?) group by o.number`,
    [numbers],
  );
  return new Map(rows.map((row) => [row.number, { previousOrders: Number(row.previous), cancelledOrders: Number(row.cancelled) }]));
}

