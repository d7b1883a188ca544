import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { publish } from '../shared/outbox.ts';
import { markHandled } from '../shared/handled-once.ts';
import { Order } from '../orders/index.ts';
import { Feedback } from './feedback.entity.ts';
import { addCustomerMessage } from './ticket-workflow.ts';
import { openTicket } from './ticket.service.ts';
import { Ticket } from './ticket.entity.ts';

/** A rating at or below this opens a follow-up ticket. */
export const poorRating = 2;

export interface RatingResult {
  feedbackId: number;
  score: number;
  /** Set when the rating was poor: the complaint ticket staff will follow up. */
  followUpTicket: string | null;
}

/**
 * Records a customer's rating of their own order or ticket (a second rating replaces the first).
 * A rating of 1 or 2 opens one follow-up complaint ticket, at high priority.
 */
export async function recordRating(tx: EntityManager, input: { customerId: number; orderNumber?: string | undefined; ticketNumber?: string | undefined; score: number; channel: string }): Promise<RatingResult> {
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) throw new AppError('invalid_input', 'A rating is 1 to 5', { score: input.score });
  const about = input.orderNumber ? { orderNumber: input.orderNumber } : { ticketNumber: input.ticketNumber! };
  const owned = input.orderNumber
    ? await tx.count(Order, { number: input.orderNumber, customer: input.customerId })
    : await tx.count(Ticket, { number: input.ticketNumber!, customer: input.customerId });
  if (owned === 0) throw new AppError('not_found', `Nothing to rate: ${input.orderNumber ?? input.ticketNumber}`);
  const feedback = (await tx.findOne(Feedback, { customer: input.customerId, ...about }))
    ?? tx.create(Feedback, { customer: input.customerId, ...about, score: input.score });
  feedback.score = input.score;
  await tx.flush();
  if (input.score <= poorRating && !feedback.followUpTicket) {
    const ticket = await openTicket(tx, {
      customerId: input.customerId, kind: 'complaint', priority: 'high', channel: input.channel, orderNumber: input.orderNumber,
      description: `Rated ${input.orderNumber ?? input.ticketNumber} ${input.score}/5`, actor: { type: 'customer', id: String(input.customerId) },
    });
    feedback.followUpTicket = ticket.number;
    await tx.flush();
  }
  return { feedbackId: feedback.id, score: feedback.score, followUpTicket: feedback.followUpTicket ?? null };
}

/** The customer's comment on a rating; with a follow-up ticket it also goes to the ticket's thread. */
export async function addFeedbackComment(tx: EntityManager, feedbackId: number, customerId: number, comment: string): Promise<void> {
  const feedback = await tx.findOne(Feedback, { id: feedbackId, customer: customerId });
  if (!feedback) throw new AppError('not_found', `No feedback ${feedbackId}`);
  feedback.comment = comment.slice(0, 2000);
  await tx.flush();
  if (feedback.followUpTicket) await addCustomerMessage(tx, feedback.followUpTicket, customerId, comment);
}

/**
 * Delivered some time ago and not rated yet: publish `feedback.requested` (the customer gets
 * rating buttons). Asked once per order: a timer run again (rebuilt after Redis lost it) asks nothing.
 */
export async function requestOrderFeedback(tx: EntityManager, orderNumber: string): Promise<boolean> {
  const order = await tx.findOne(Order, { number: orderNumber });
  if (!order || order.status !== 'delivered') return false;
  if ((await tx.count(Feedback, { customer: order.customer.id, orderNumber })) > 0) return false;
  if (!(await markHandled(tx, 'feedback-request', orderNumber))) return false;
  publish(tx, 'feedback.requested', { type: 'order', id: orderNumber }, { orderNumber, customerId: order.customer.id });
  await tx.flush();
  return true;
}
