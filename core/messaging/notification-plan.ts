import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import { CustomerIdentity, type Locale } from '../customers/index.ts';
import { Order, type OrderStatus } from '../orders/index.ts';
import { Ticket } from '../service/index.ts';
import type { DeliveryChannel, Notice, OrderSummary } from './notice.ts';

/** Who hears about an event: the order's customer, or the staff approvals channel. */
type Audience = 'customer' | 'approvals';

/** One notification to write for a relayed event. */
export interface PlannedNotification {
  eventId: number;
  channel: DeliveryChannel;
  recipient: string;
  identityId: number | null;
  locale: Locale;
  notice: Notice;
}

/** Which channels have a working notifier, and where staff messages go. */
export interface NotificationSettings {
  channels: ReadonlySet<DeliveryChannel>;
  /** Slack channel for approval requests; none means staff are not messaged. */
  approvalsChannel?: string | undefined;
  /** Slack channel for new tickets. */
  supportChannel?: string | undefined;
  /** Language of staff messages. */
  staffLocale: Locale;
}

/** What the notices of one order event need to know about the order. */
export interface OrderSnapshot {
  summary: OrderSummary;
  customerName: string;
}

/**
 * The notices an order event causes, per audience. Pure: the topic and payload say what
 * happened, the snapshot says what the order looks like.
 */
export function noticesForOrderEvent(event: OutboxRecord, order: OrderSnapshot): Array<{ audience: Audience; notice: Notice }> {
  const number = order.summary.number;
  const reason = typeof event.payload.reason === 'string' ? event.payload.reason : null;
  switch (event.topic) {
    case 'order.placed':
      return [{ audience: 'customer', notice: { kind: 'order_confirmed', order: order.summary } }];
    case 'order.approval_requested': {
      const reasons = Array.isArray(event.payload.approvalReasons) ? event.payload.approvalReasons.map(String) : [];
      return [
        { audience: 'customer', notice: { kind: 'order_awaiting_approval', order: order.summary } },
        { audience: 'approvals', notice: { kind: 'staff_approval_requested', order: order.summary, customerName: order.customerName, reasons } },
      ];
    }
    case 'order.approved':
      return [{ audience: 'customer', notice: { kind: 'order_approved', order: order.summary } }];
    case 'order.rejected':
      return [{ audience: 'customer', notice: { kind: 'order_rejected', orderNumber: number, reason } }];
    case 'order.cancelled':
      return [{ audience: 'customer', notice: { kind: 'order_cancelled', orderNumber: number, reason } }];
    case 'order.status_changed':
      return [{ audience: 'customer', notice: statusNotice(number, String(event.payload.to) as OrderStatus, event.payload) }];
    default:
      return [];
  }
}

function statusNotice(orderNumber: string, status: OrderStatus, payload: Record<string, unknown>): Notice {
  if (status === 'shipped') {
    return { kind: 'order_shipped', orderNumber, carrier: textOrNull(payload.carrier), trackingNumber: textOrNull(payload.trackingNumber) };
  }
  if (status === 'delivered') return { kind: 'order_delivered', orderNumber };
  return { kind: 'order_status_changed', orderNumber, status };
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Plans the notifications for a batch of relayed events (a few queries per batch, not per event). */
export async function planNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const planned = [...(await planOrderNotifications(em, events, settings)), ...(await planTicketNotifications(em, events, settings))];
  return planned.sort((a, b) => a.eventId - b.eventId);
}

/** A new ticket goes to the staff support channel. */
async function planTicketNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const opened = events.filter((event) => event.topic === 'ticket.opened');
  if (opened.length === 0 || !settings.supportChannel || !settings.channels.has('slack')) return [];
  const tickets = await em.find(Ticket, { number: { $in: opened.map((event) => event.aggregateId) } }, { populate: ['customer'] });
  const byNumber = new Map(tickets.map((ticket) => [ticket.number, ticket]));
  return opened.flatMap((event): PlannedNotification[] => {
    const ticket = byNumber.get(event.aggregateId);
    if (!ticket) return [];
    const notice: Notice = {
      kind: 'staff_ticket_opened', ticketNumber: ticket.number, ticketKind: ticket.kind, customerName: ticket.customer.name,
      description: ticket.description, orderNumber: ticket.orderNumber ?? null,
    };
    return [{ eventId: event.id, channel: 'slack', recipient: settings.supportChannel!, identityId: null, locale: settings.staffLocale, notice }];
  });
}

/** Order events: the orders with their lines and the reachable chat identities, in three queries. */
async function planOrderNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const numbers = [...new Set(events.filter((event) => event.aggregateType === 'order').map((event) => event.aggregateId))];
  if (numbers.length === 0) return [];
  const orders = await em.find(Order, { number: { $in: numbers } }, { populate: ['customer', 'lines', 'lines.product'] });
  const byNumber = new Map(orders.map((order) => [order.number, order]));
  const customerChannels = (['telegram', 'webchat'] as const).filter((channel) => settings.channels.has(channel));
  const identities = customerChannels.length === 0 ? [] : await em.find(CustomerIdentity, {
    customer: { $in: orders.map((order) => order.customer.id) },
    channel: { $in: customerChannels },
    unreachableAt: null,
  }, { orderBy: { id: 'asc' } });

  return events.flatMap((event) => {
    const order = byNumber.get(event.aggregateId);
    if (event.aggregateType !== 'order' || !order) return [];
    const snapshot: OrderSnapshot = { summary: summarize(order), customerName: order.customer.name };
    return noticesForOrderEvent(event, snapshot).flatMap(({ audience, notice }): PlannedNotification[] => {
      if (audience === 'approvals') {
        return settings.approvalsChannel && settings.channels.has('slack')
          ? [{ eventId: event.id, channel: 'slack', recipient: settings.approvalsChannel, identityId: null, locale: settings.staffLocale, notice }]
          : [];
      }
      return identities
        .filter((identity) => identity.customer.id === order.customer.id)
        .map((identity) => ({ eventId: event.id, channel: identity.channel as DeliveryChannel, recipient: identity.externalId, identityId: identity.id, locale: order.customer.locale, notice }));
    });
  });
}

function summarize(order: Order): OrderSummary {
  return {
    number: order.number,
    lines: order.lines.getItems().sort((a, b) => a.id - b.id).map((line) => ({ name: line.name, nameZh: line.product.nameZh ?? null, quantity: line.quantity, lineTotalMinor: line.lineTotalMinor })),
    totalMinor: order.totalMinor,
    currency: order.currency,
    promisedAt: order.promisedAt ? order.promisedAt.toISOString() : null,
  };
}
