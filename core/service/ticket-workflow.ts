import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { Ticket, ticketPriorities } from './ticket.entity.ts';
import { toTicketView, type TicketView } from './ticket.service.ts';
import { ticketLifecycle } from './ticket-state.ts';

/** A ticket as staff see it, with who holds it. */
export interface TicketDetail extends TicketView {
  customerId: number;
  customerName: string;
  assigneeSlackId: string | null;
  escalationLevel: number;
  resolution: string | null;
}

function detail(ticket: Ticket): TicketDetail {
  return {
    ...toTicketView(ticket), customerId: ticket.customer.id, customerName: ticket.customer.name,
    assigneeSlackId: ticket.assigneeSlackId ?? null, escalationLevel: ticket.escalationLevel, resolution: ticket.resolution ?? null,
  };
}

/** One ticket by number, or `not_found`. */
export async function getTicket(em: EntityManager, number: string): Promise<TicketDetail> {
  const ticket = await em.findOne(Ticket, { number }, { populate: ['customer'] });
  if (!ticket) throw new AppError('not_found', `No ticket ${number}`, { number });
  return detail(ticket);
}

/**
 * Runs one change on a ticket with its row locked, plus its audit entry, in the caller's transaction.
 * `change` returns the audit action, or throws to refuse (nothing is written then).
 */
async function changeTicket(tx: EntityManager, number: string, actor: Actor, change: (ticket: Ticket, tx: EntityManager) => string): Promise<TicketDetail> {
  // The row alone is locked (a join would lock the customer row too and block their orders).
  const ticket = await tx.findOne(Ticket, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (ticket) await tx.populate(ticket, ['customer']);
  if (!ticket) throw new AppError('not_found', `No ticket ${number}`, { number });
  const before = { status: ticket.status, assignee: ticket.assigneeSlackId ?? null, escalationLevel: ticket.escalationLevel };
  const action = change(ticket, tx);
  audit(tx, actor, { entityType: 'ticket', entityId: number, action, before, after: { status: ticket.status, assignee: ticket.assigneeSlackId ?? null, escalationLevel: ticket.escalationLevel } });
  await tx.flush();
  return detail(ticket);
}

const closed = (ticket: Ticket) => ticket.status === 'resolved' || ticket.status === 'closed';

/** First claim wins; a later claim is refused with who holds it. */
export async function claimTicket(tx: EntityManager, number: string, slackUserId: string): Promise<TicketDetail> {
  return changeTicket(tx, number, { type: 'staff', id: slackUserId }, (ticket) => {
    // Two agents racing: the second finds it taken, which is a conflict, not a wrong step.
    if (!ticketLifecycle.can(ticket.status, 'claimed')) {
      throw new AppError('concurrent_update', `Ticket ${number} is already ${ticket.status}`, { status: ticket.status, assignee: ticket.assigneeSlackId ?? null });
    }
    ticket.status = 'claimed';
    ticket.assigneeSlackId = slackUserId;
    ticket.firstRespondedAt ??= new Date();
    return 'ticket.claimed';
  });
}

/** Resolves with a resolution the customer is told (through the outbox). */
export async function resolveTicket(tx: EntityManager, number: string, slackUserId: string, resolution: string): Promise<TicketDetail> {
  if (!resolution.trim()) throw new AppError('invalid_input', 'A resolution is needed');
  return changeTicket(tx, number, { type: 'staff', id: slackUserId }, (ticket, inner) => {
    ticketLifecycle.assert(ticket.status, 'resolved', number);
    ticket.status = 'resolved';
    ticket.assigneeSlackId ??= slackUserId;
    ticket.resolution = resolution.trim();
    ticket.resolvedAt = new Date();
    ticket.firstRespondedAt ??= ticket.resolvedAt;
    publish(inner, 'ticket.resolved', { type: 'ticket', id: number }, { ticketNumber: number, customerId: ticket.customer.id, resolution: ticket.resolution });
    return 'ticket.resolved';
  });
}

/** Hands the ticket up a level (agents → managers) and raises its priority one step. */
export async function escalateTicket(tx: EntityManager, number: string, slackUserId: string): Promise<TicketDetail> {
  return changeTicket(tx, number, { type: 'staff', id: slackUserId }, (ticket) => {
    if (closed(ticket)) throw new AppError('invalid_transition', `Ticket ${number} is already ${ticket.status}`, { status: ticket.status });
    if (ticket.escalationLevel >= 1) throw new AppError('invalid_transition', `Ticket ${number} is already with the managers`, { escalationLevel: ticket.escalationLevel });
    ticket.escalationLevel += 1;
    ticket.priority = ticketPriorities[Math.min(ticketPriorities.indexOf(ticket.priority) + 1, ticketPriorities.length - 1)]!;
    return 'ticket.escalated';
  });
}

/** A staff answer in the ticket's thread: delivered to the customer's chat (through the outbox). */
export async function replyToTicket(tx: EntityManager, number: string, slackUserId: string, text: string): Promise<TicketDetail> {
  return changeTicket(tx, number, { type: 'staff', id: slackUserId }, (ticket, inner) => {
    if (ticket.status === 'open') {
      ticket.status = 'claimed';
      ticket.assigneeSlackId = slackUserId;
    }
    ticket.firstRespondedAt ??= new Date();
    publish(inner, 'ticket.replied', { type: 'ticket', id: number }, { ticketNumber: number, customerId: ticket.customer.id, text: text.slice(0, 3000) });
    return 'ticket.replied';
  });
}

/** The customer wrote again about an open ticket: posted into its Slack thread (through the outbox). */
export async function addCustomerMessage(tx: EntityManager, number: string, customerId: number, text: string): Promise<TicketDetail> {
  return changeTicket(tx, number, { type: 'customer', id: String(customerId) }, (ticket, inner) => {
    if (ticket.customer.id !== customerId || closed(ticket)) throw new AppError('not_found', `No open ticket ${number}`, { number });
    publish(inner, 'ticket.customer_message', { type: 'ticket', id: number }, { ticketNumber: number, customerId, text: text.slice(0, 3000) });
    return 'ticket.customer_message';
  });
}
