import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import { Ticket } from '../service/index.ts';
import { staffWithRoles } from '../staff/index.ts';
import type { Notice } from './notice.ts';
import { chatIdentities, toCustomer, toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

const ticketTopics = new Set(['ticket.opened', 'ticket.replied', 'ticket.resolved', 'ticket.customer_message', 'ticket.sla_warning', 'ticket.sla_breached']);

/** The Slack message of a ticket (its thread), once it was posted. */
async function ticketThreads(em: EntityManager, numbers: string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await em.execute<Array<{ ticket: string; ts: string }>>(
    `select notice->>'ticketNumber' as ticket, external_id as ts from notification
      where kind = 'staff_ticket_opened' and status = 'sent' and notice->>'ticketNumber' in (?)`,
    [numbers],
  );
  return new Map(rows.map((row) => [row.ticket, row.ts]));
}

/**
 * Ticket events: a new ticket and the customer's follow-ups go to the Slack support channel
 * (follow-ups into the ticket's thread); staff replies and the resolution go to the customer.
 */
export async function planTicketNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const relevant = events.filter((event) => ticketTopics.has(event.topic));
  if (relevant.length === 0) return [];
  const numbers = [...new Set(relevant.map((event) => event.aggregateId))];
  const tickets = new Map((await em.find(Ticket, { number: { $in: numbers } }, { populate: ['customer'] })).map((ticket) => [ticket.number, ticket]));
  const identities = await chatIdentities(em, [...tickets.values()].map((ticket) => ticket.customer.id), settings);
  const threads = await ticketThreads(em, relevant.filter((event) => event.topic === 'ticket.customer_message').map((event) => event.aggregateId));
  const support = settings.supportChannel && settings.channels.has('slack') ? settings.supportChannel : undefined;
  const managers = relevant.some((event) => event.topic === 'ticket.sla_breached') ? (await staffWithRoles(em, ['manager'])).map((manager) => manager.slackUserId) : [];

  return relevant.flatMap((event): PlannedNotification[] => {
    const ticket = tickets.get(event.aggregateId);
    if (!ticket) return [];
    const toSupport = (notice: Notice): PlannedNotification[] => toStaff(support, event.id, settings.staffLocale, notice);
    switch (event.topic) {
      case 'ticket.opened':
        return toSupport({
          kind: 'staff_ticket_opened', ticketNumber: ticket.number, ticketKind: ticket.kind, customerName: ticket.customer.name,
          description: ticket.description, orderNumber: ticket.orderNumber ?? null, priority: ticket.priority,
        });
      case 'ticket.customer_message':
        return toSupport({ kind: 'staff_ticket_message', ticketNumber: ticket.number, customerName: ticket.customer.name, text: text(event.payload.text), threadTs: threads.get(ticket.number) ?? null });
      case 'ticket.sla_warning':
        return toSupport({ kind: 'staff_sla_warning', ticketNumber: ticket.number, customerName: ticket.customer.name, priority: ticket.priority, description: ticket.description, sla: text(event.payload.sla) || 'first_response' });
      case 'ticket.sla_breached':
        return toSupport({ kind: 'staff_sla_breach', ticketNumber: ticket.number, customerName: ticket.customer.name, priority: ticket.priority, description: ticket.description, managers, sla: text(event.payload.sla) || 'first_response' });
      case 'ticket.replied':
        return toCustomer(identities, event.id, ticket.customer, { kind: 'ticket_reply', ticketNumber: ticket.number, text: text(event.payload.text) });
      default:
        return toCustomer(identities, event.id, ticket.customer, { kind: 'ticket_resolved', ticketNumber: ticket.number, resolution: text(event.payload.resolution) });
    }
  });
}

/** The ticket whose Slack message has this `ts` (a reply in its thread), or null. */
export async function ticketByThread(em: EntityManager, threadTs: string): Promise<string | null> {
  const [row] = await em.execute<Array<{ ticket: string }>>(
    "select notice->>'ticketNumber' as ticket from notification where kind = 'staff_ticket_opened' and external_id = ? limit 1",
    [threadTs],
  );
  return row?.ticket ?? null;
}
