import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { audit } from '../shared/audit.ts';
import { nextDocumentNumber } from '../shared/document-number.ts';
import { publish } from '../shared/outbox.ts';
import { Customer } from '../customers/customer.entity.ts';
import { Ticket, type TicketKind, type TicketPriority } from './ticket.entity.ts';

/** What opening a ticket needs. */
export interface OpenTicketInput {
  customerId: number;
  kind: TicketKind;
  description: string;
  channel: string;
  orderNumber?: string | undefined;
  priority?: TicketPriority | undefined;
  /** "Talk to a person": when the customer already has an open ticket, that one is returned (`reused`). */
  reuseOpen?: boolean | undefined;
  actor: Actor;
}

/** What the customer and staff are told about a ticket. */
export interface TicketView {
  number: string;
  kind: TicketKind;
  status: string;
  priority: TicketPriority;
  orderNumber: string | null;
  description: string;
  createdAt: string;
  /** True when an open ticket was returned instead of a new one (`reuseOpen`). */
  reused?: boolean;
}

/**
 * Opens a ticket in the caller's transaction with its audit entry and a `ticket.opened` outbox event
 * (which tells staff in Slack). Returns the ticket with its readable number.
 */
export async function openTicket(tx: EntityManager, input: OpenTicketInput): Promise<TicketView> {
  const number = await nextDocumentNumber(tx, 'ticket_number_seq', 'T');
  const ticket = tx.create(Ticket, {
    number, customer: tx.getReference(Customer, input.customerId), kind: input.kind, priority: input.priority ?? 'normal',
    orderNumber: input.orderNumber ?? null, channel: input.channel, description: input.description,
  });
  audit(tx, input.actor, { entityType: 'ticket', entityId: number, action: 'ticket.opened', after: { kind: input.kind, orderNumber: input.orderNumber ?? null } });
  publish(tx, 'ticket.opened', { type: 'ticket', id: number }, { ticketNumber: number, customerId: input.customerId, kind: input.kind });
  await tx.flush();
  return toTicketView(ticket);
}

export function toTicketView(ticket: Ticket): TicketView {
  return {
    number: ticket.number, kind: ticket.kind, status: ticket.status, priority: ticket.priority,
    orderNumber: ticket.orderNumber ?? null, description: ticket.description, createdAt: ticket.createdAt.toISOString(),
  };
}
