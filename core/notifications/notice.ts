import type { OrderStatus } from '../orders/index.ts';

/**
 * Channels a message can be pushed to. E-mail reaches customers with an address and no chat
 * identity, and suppliers; phone and API identities get nothing.
 */
export const deliveryChannels = ['telegram', 'webchat', 'slack', 'email'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/** What a customer is told about an order's contents. Money in minor units. */
export interface OrderSummary {
  number: string;
  /** Product names in English and, when the catalogue has one, Chinese. */
  /** `backordered`: units waiting for stock, expected on `expectedAt` (a business date) when the shop said. */
  lines: Array<{ sku: string; name: string; nameZh: string | null; quantity: number; lineTotalMinor: number; backordered: number; expectedAt: string | null }>;
  totalMinor: number;
  currency: string;
  /** Expected delivery (ISO date-time), when the order has one. */
  promisedAt: string | null;
}

/**
 * One message to one person or channel, as data. Adapters in `bots/` render it in the
 * recipient's language; the snapshot is taken when the event is relayed, so a retried send
 * says exactly what the first attempt would have said.
 */
/** One stop of a driver's route as the driver sees it. */
export interface DriverStop {
  id: number;
  sequence: number;
  status: 'pending' | 'arrived' | 'delivered' | 'failed';
  orderNumber: string;
  customer: string;
  phone: string | null;
  address: string;
  items: string;
  codMinor: number | null;
  currency: string;
  latitude: number | null;
  longitude: number | null;
}

export type CreditHoldReason = 'credit_limit' | 'overdue' | 'account_on_hold';

export type Notice =
  | { kind: 'order_confirmed'; order: OrderSummary }
  | { kind: 'order_awaiting_approval'; order: OrderSummary }
  | { kind: 'order_approved'; order: OrderSummary }
  /** The order is over the buyer's own limit: it waits for an admin of their company. */
  | { kind: 'order_awaiting_buyer_approval'; order: OrderSummary }
  /** A quote to a company's buyer, with Accept / Decline (all-units prices frozen until `validUntil`). */
  | {
    kind: 'quote_sent'; quoteNumber: string; totalMinor: number; currency: string; validUntil: string;
    lines: Array<{ sku: string; name: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number }>;
  }
  | { kind: 'quote_expired'; quoteNumber: string }
  | { kind: 'quote_declined'; quoteNumber: string }
  /** To staff: a company's buyer asked for a quote of their cart (priced from their list), with Send / Decline. */
  | {
    kind: 'staff_quote_requested'; quoteNumber: string; account: string; buyerName: string; totalMinor: number; currency: string;
    lines: Array<{ sku: string; name: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number }>;
  }
  /** To each admin of the company: a buyer's order over their limit, with Approve / Reject. */
  | { kind: 'buyer_approval_request'; order: OrderSummary; buyerName: string }
  /** A company order waits on credit: over the account's limit, an overdue payment, or the account on hold. */
  | { kind: 'order_credit_hold'; order: OrderSummary; reason: CreditHoldReason }
  /** An order on terms is unpaid past its due date. */
  | { kind: 'payment_overdue'; orderNumber: string; amountMinor: number; currency: string; dueAt: string }
  | { kind: 'staff_credit_hold'; order: OrderSummary; customerName: string; account: string; reason: CreditHoldReason }
  | { kind: 'staff_payment_overdue'; orderNumber: string; customerName: string; amountMinor: number; currency: string; dueAt: string }
  | { kind: 'order_rejected'; orderNumber: string; reason: string | null }
  /** Nobody approved the order in time: it is off, its stock released. */
  | { kind: 'order_approval_expired'; orderNumber: string }
  | { kind: 'order_cancelled'; orderNumber: string; reason: string | null }
  | { kind: 'order_status_changed'; orderNumber: string; status: OrderStatus }
  | { kind: 'order_shipped'; orderNumber: string; carrier: string | null; trackingNumber: string | null }
  | { kind: 'order_delivered'; orderNumber: string }
  /**
   * A booking confirmed (with its order and price), moved, cancelled, or its reminder (with
   * buttons for the booking's `version`); the time shown in the resource's zone.
   */
  | {
    kind: 'booking_update'; change: 'confirmed' | 'rescheduled' | 'cancelled' | 'reminder'; bookingNumber: string; version: number; service: string; serviceZh: string | null;
    resource: string; startAt: string; timeZone: string; order: { number: string; totalMinor: number; currency: string } | null;
  }
  /** A driver's route of the day (sent again whenever it changes), a button row per stop still to do. */
  | { kind: 'driver_route'; date: string; vehicle: string; version: number; distanceKm: number; stops: DriverStop[] }
  /** The own fleet's driver is this many stops away from the customer. */
  | { kind: 'delivery_approaching'; orderNumber: string; stopsAway: number }
  /** A made-to-order order: everything is made and reserved, it can be packed. */
  | { kind: 'order_ready'; orderNumber: string }
  /** One parcel of an order leaving from several warehouses, with what is in it. */
  /** One parcel of an order in several; `parcels` is null while backordered units are still to come. */
  | { kind: 'parcel_shipped'; orderNumber: string; parcel: number; parcels: number | null; carrier: string; trackingNumber: string; items: string }
  /** After a short pick: units of a line are backordered, or cancelled (the total came down; `refundMinor` goes back). */
  | {
    kind: 'order_lines_changed'; orderNumber: string; change: 'backordered' | 'cancelled'; name: string; nameZh: string | null; units: number;
    expectedAt: string | null; totalMinor: number; refundMinor: number; currency: string;
  }
  /** A delivery attempt failed: the customer picks a day for the next one (from the day after `failedAt`). */
  | { kind: 'delivery_failed'; orderNumber: string; attempt: number; maxAttempts: number; failedAt: string }
  | { kind: 'feedback_request'; orderNumber: string }
  | { kind: 'shipment_update'; orderNumber: string; status: string; carrier: string; trackingNumber: string }
  | { kind: 'staff_approval_requested'; order: OrderSummary; customerName: string; reasons: string[]; history: CustomerHistory }
  /** An approval still waiting: reminded to each manager, or (`escalated`) posted to the managers' channel. */
  | { kind: 'staff_approval_reminder'; order: OrderSummary; customerName: string; waitingMinutes: number; escalated: boolean }
  | { kind: 'staff_ticket_opened'; ticketNumber: string; ticketKind: string; customerName: string; description: string; orderNumber: string | null; priority?: string | undefined }
  | { kind: 'staff_ticket_message'; ticketNumber: string; customerName: string; text: string; threadTs: string | null }
  | { kind: 'staff_sla_warning'; ticketNumber: string; customerName: string; priority: string; description: string; sla?: string }
  | { kind: 'staff_sla_breach'; ticketNumber: string; customerName: string; priority: string; description: string; managers: string[]; sla?: string }
  | { kind: 'staff_return_requested'; rma: string; orderNumber: string; customerName: string; reason: string; items: string }
  | { kind: 'return_decided'; rma: string; orderNumber: string; approved: boolean; reason: string | null }
  | { kind: 'return_refunded'; rma: string; orderNumber: string }
  | { kind: 'payment_received'; orderNumber: string; amountMinor: number; dueMinor: number; currency: string }
  | { kind: 'payment_reminder'; orderNumber: string; amountMinor: number; currency: string; url: string; expiresAt: string }
  | { kind: 'payment_refunded'; orderNumber: string; amountMinor: number; currency: string }
  | { kind: 'order_payment_expired'; orderNumber: string }
  | { kind: 'ticket_reply'; ticketNumber: string; text: string }
  | { kind: 'ticket_resolved'; ticketNumber: string; resolution: string }
  /** A purchase order marked sent, e-mailed to the supplier (lines as a table and a CSV attachment). */
  | {
    kind: 'supplier_purchase_order'; number: string; supplierName: string; warehouse: string; expectedAt: string | null;
    lines: Array<{ sku: string; name: string; quantity: number }>;
  }
  /** A picker could not find all units of a line: staff choose backorder, ship without, or cancel the line. */
  /** A material planning run: what to buy and make, each with its buttons (`more` not shown). */
  | { kind: 'staff_mrp_summary'; runId: number; buy: number; lateBuy: number; make: number; rows: PlanningRow[]; more: number }
  /** A booking went ahead although a consumable was short (its service allows it). */
  | { kind: 'staff_booking_supplies_short'; bookingNumber: string; startAt: string; skus: string[] }
  /** A customer past the no-show limit booked: staff confirm it (`POST /bookings/{n}/approve`). */
  | { kind: 'staff_booking_pending'; bookingNumber: string; startAt: string }
  /** A vehicle's route planned or changed, with its totals (the ops channel). */
  | { kind: 'staff_fleet_route'; date: string; vehicle: string; driver: string | null; version: number; stops: number; distanceKm: number; loadGrams: number; capacityGrams: number }
  /** A cancelled order's production order had started: it goes on, its output to free stock. */
  | { kind: 'staff_production_detached'; orderNumber: string; productionOrder: string; sku: string; good: number; planned: number }
  | { kind: 'staff_short_pick'; pickList: string; orderNumber: string; warehouse: string; sku: string; name: string; asked: number; missing: number }
  /** A stock count opened (by hand or a cycle count): someone should count, with `/count <id>`. */
  | { kind: 'staff_count_opened'; countId: number; warehouse: string; abcClass: string | null; lines: number }
  | { kind: 'staff_low_stock'; warehouseId: number; warehouseCode: string; productId: number; sku: string; productName: string; available: number; reorderPoint: number }
  | { kind: 'staff_integrity_alert'; rows: Array<{ warehouse: string; sku: string; onHand: number; reserved: number; ledgerOnHand: number; ledgerReserved: number; openReservations: number }> }
  /** A chat reply, already in the customer's language, that the front end could not send at once. */
  | { kind: 'chat_reply'; text: string; buttons: Array<Array<{ label: string; data: string }>> | null }
  /** An event or a notification was set aside (dead letter): nothing will retry it by itself. */
  | { kind: 'staff_dead_letter'; what: 'event' | 'notification'; id: number; about: string; error: string }
  /** A message's sender stopped mid-request: it may or may not have arrived, and is not resent. */
  | { kind: 'staff_notification_uncertain'; notificationId: number; channel: string; recipient: string; about: string };

/** What staff should know about the customer behind an order waiting for approval. */
export interface CustomerHistory {
  /** Orders placed before this one. */
  previousOrders: number;
  /** Of those, cancelled or rejected. */
  cancelledOrders: number;
}

export type NoticeKind = Notice['kind'];

/** One suggestion of a planning run as staff see it. */
export interface PlanningRow {
  id: number;
  action: 'buy' | 'make';
  sku: string;
  name: string;
  quantity: number;
  warehouse: string;
  startBy: string;
  late: boolean;
  supplier: string | null;
}
