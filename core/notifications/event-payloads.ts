import { z } from 'zod';
import { orderStatuses } from '../orders/index.ts';
import { outboxTopics, type OutboxRecord, type OutboxTopic } from '../shared/outbox.ts';

const text = z.string().max(10_000);
const optionalText = text.nullable().optional();
const id = z.number().int().positive();

const order = { aggregate: 'order', payload: z.looseObject({ reason: optionalText, approvalReasons: z.array(z.string()).optional() }) };
const ticket = { aggregate: 'ticket', payload: z.looseObject({ text: optionalText, resolution: optionalText, sla: optionalText }) };
const money = { aggregate: 'order', payload: z.looseObject({ amountMinor: z.number().int(), currency: text, paymentStatus: text.optional(), url: optionalText }) };
const production = { aggregate: 'production_order', payload: z.looseObject({ sku: text, planned: z.number().int(), good: z.number().int() }) };
const booking = { aggregate: 'booking', payload: z.looseObject({ customerId: id, version: z.number().int(), startAt: text }) };
const returned = { aggregate: 'return', payload: z.looseObject({ approved: z.boolean().optional(), reason: optionalText }) };

/**
 * What the planners read of each topic's event: the aggregate it names and the payload fields.
 * An event that does not match is set aside (dead-lettered) instead of failing its batch.
 */
const shapes: Record<OutboxTopic, { aggregate: string; payload: z.ZodType }> = {
  'order.placed': order,
  'order.approval_requested': order,
  'order.approved': order,
  'order.rejected': order,
  'order.cancelled': order,
  'order.credit_hold': { aggregate: 'order', payload: z.looseObject({ creditHold: z.enum(['credit_limit', 'overdue', 'account_on_hold']), account: text }) },
  'quote.sent': { aggregate: 'quote', payload: z.looseObject({ version: z.number().int(), validUntil: text }) },
  'quote.requested': { aggregate: 'quote', payload: z.looseObject({ account: text, buyer: text }) },
  'quote.declined': { aggregate: 'quote', payload: z.looseObject({}) },
  'quote.expired': { aggregate: 'quote', payload: z.looseObject({ version: z.number().int() }) },
  'order.payment_overdue': { aggregate: 'order', payload: z.looseObject({ amountMinor: z.number().int(), currency: text, dueAt: text }) },
  'order.status_changed': { aggregate: 'order', payload: z.looseObject({ to: z.enum(orderStatuses), carrier: optionalText, trackingNumber: optionalText }) },
  'order.lines_changed': {
    aggregate: 'order',
    payload: z.looseObject({ change: z.enum(['backordered', 'cancelled']), sku: text, units: z.number().int().positive(), totalMinor: z.number().int(), refundMinor: z.number().int(), currency: text }),
  },
  'fulfilment.short_pick': {
    aggregate: 'order',
    payload: z.looseObject({ pickList: text, warehouse: text, sku: text, name: text, asked: z.number().int().positive(), missing: z.number().int().positive() }),
  },
  'shipment.updated': { aggregate: 'order', payload: z.looseObject({ status: text, carrier: optionalText, trackingNumber: optionalText }) },
  'feedback.requested': order,
  'ticket.opened': ticket,
  'ticket.replied': ticket,
  'ticket.resolved': ticket,
  'ticket.customer_message': ticket,
  'ticket.sla_warning': ticket,
  'ticket.sla_breached': ticket,
  'inventory.low_stock': { aggregate: 'stock', payload: z.looseObject({ warehouseId: id, productId: id, available: z.number(), reorderPoint: z.number() }) },
  'inventory.count_opened': { aggregate: 'count', payload: z.looseObject({ countId: id, warehouse: text, abcClass: optionalText, lines: z.number().int() }) },
  'inventory.integrity_mismatch': { aggregate: 'stock', payload: z.looseObject({ rows: z.array(z.looseObject({})) }) },
  'return.requested': returned,
  'return.decided': returned,
  'return.refunded': returned,
  'payment.received': money,
  'payment.reminder': money,
  'payment.refund_requested': money,
  'payment.refunded': money,
  'purchase_order.sent': { aggregate: 'purchase_order', payload: z.looseObject({ number: text, supplier: text }) },
  'outbox.dead_lettered': { aggregate: 'outbox', payload: z.looseObject({ eventId: id, topic: text, error: text }) },
  'notification.dead_lettered': { aggregate: 'notification', payload: z.looseObject({ notificationId: id, channel: text, kind: text, error: text }) },
  'notification.uncertain': { aggregate: 'notification', payload: z.looseObject({ notificationId: id, channel: text, recipient: text, kind: text }) },
  'production.released': production,
  'production.reported': production,
  'production.done': production,
  'production.cancelled': production,
  'production.detached': { aggregate: 'order', payload: z.looseObject({ productionOrder: text, sku: text, good: z.number().int(), planned: z.number().int() }) },
  'mrp.run_finished': { aggregate: 'mrp_run', payload: z.looseObject({ runId: id, suggestions: z.number().int(), buy: z.number().int(), lateBuy: z.number().int(), make: z.number().int() }) },
  'booking.confirmed': booking,
  'booking.rescheduled': booking,
  'booking.cancelled': booking,
  'booking.supplies_short': booking,
  'booking.pending_confirmation': booking,
  'booking.reminder': booking,
  'route.planned': { aggregate: 'route', payload: z.looseObject({ routeId: id, version: z.number().int(), date: text }) },
  'route.approaching': { aggregate: 'order', payload: z.looseObject({ stopsAway: z.number().int().positive() }) },
  'order.ready': { aggregate: 'order', payload: z.looseObject({ orderNumber: text, readyAt: text }) },
  'chat.reply_deferred': {
    aggregate: 'chat',
    payload: z.looseObject({
      channel: z.enum(['telegram', 'webchat']), chatId: text, text,
      buttons: z.array(z.array(z.object({ label: text, data: text }))).nullable(),
    }),
  },
};

/** Topics whose events alert the operators: never alerted about themselves (no alert loops). */
export const opsTopics: ReadonlySet<string> = new Set(['outbox.dead_lettered', 'notification.dead_lettered', 'notification.uncertain']);

/** Why an event cannot be planned (unknown topic, wrong aggregate, bad payload), or null when it can. */
export function payloadProblem(event: OutboxRecord): string | null {
  if (!(outboxTopics as readonly string[]).includes(event.topic)) return `no planner for topic ${event.topic}`;
  const shape = shapes[event.topic as OutboxTopic];
  if (event.aggregateType !== shape.aggregate) return `${event.topic} names a ${event.aggregateType}, not a ${shape.aggregate}`;
  const parsed = shape.payload.safeParse(event.payload);
  if (parsed.success) return null;
  return `${event.topic} payload: ${parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`;
}
