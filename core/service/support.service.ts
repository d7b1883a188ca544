import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceContext } from '../shared/service-context.ts';
import { customerIdOf, requireCustomer, type Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { AppError } from '../shared/errors.ts';
import { Order } from '../orders/index.ts';
import { openTicket, toTicketView, type OpenTicketInput, type TicketView } from './ticket.service.ts';
import { Ticket } from './ticket.entity.ts';
import { addCustomerMessage, claimTicket, escalateTicket, getTicket, replyToTicket, resolveTicket, type TicketDetail } from './ticket-workflow.ts';
import { checkSla, type SlaStage } from './sla.ts';
import { addFeedbackComment, recordRating, requestOrderFeedback, type RatingResult } from './feedback.service.ts';
import { decideReturn, getReturn, markReturnRefunded, receiveReturn, requestReturn, type ReturnView } from './returns.ts';
import type { RefundRoute } from '../payments/index.ts';

/** Customer service: tickets with SLAs, returns and feedback. */
export interface SupportService {
  /**
   * Opens a ticket. A customer may only name an order of their own (another customer's order
   * is `not_found`, as if it did not exist).
   */
  openTicket(input: Omit<OpenTicketInput, 'customerId'> & { customerId?: number | undefined }): Promise<TicketView>;
  getTicket(number: string, actor: Actor): Promise<TicketDetail>;
  /** A staff member's open tickets, newest first (App Home). */
  ticketsAssignedTo(slackUserId: string): Promise<TicketView[]>;
  /** First claim wins; a later one is `concurrent_update` with who holds it. */
  claimTicket(number: string, actor: Actor): Promise<TicketDetail>;
  resolveTicket(number: string, resolution: string, actor: Actor): Promise<TicketDetail>;
  escalateTicket(number: string, actor: Actor): Promise<TicketDetail>;
  /** A staff answer in the ticket's Slack thread, for the customer. */
  replyToTicket(number: string, text: string, actor: Actor): Promise<TicketDetail>;
  /** The customer wrote again about their open ticket. */
  addCustomerMessage(number: string, text: string, actor: Actor): Promise<TicketDetail>;
  /** An SLA timer went off (the SLA job). */
  checkSla(number: string, stage: SlaStage): Promise<'warned' | 'breached' | 'nothing'>;
  /** A customer's 1-5 rating of their order or ticket; a poor one opens a follow-up ticket. */
  rate(about: { orderNumber?: string | undefined; ticketNumber?: string | undefined }, score: number, channel: string, actor: Actor): Promise<RatingResult>;
  addFeedbackComment(feedbackId: number, comment: string, actor: Actor): Promise<void>;
  /** Asks for a rating of a delivered order not rated yet (the feedback job). */
  requestOrderFeedback(orderNumber: string): Promise<boolean>;
  /** A customer asks to return their delivered order, within the return window. */
  requestReturn(orderNumber: string, reason: string, actor: Actor): Promise<ReturnView>;
  /** Staff approve or reject (with a reason); first decision wins. */
  decideReturn(rma: string, approve: boolean, actor: Actor, reason?: string): Promise<ReturnView>;
  receiveReturn(rma: string, resolution: 'restock' | 'write_off', actor: Actor): Promise<ReturnView>;
  markReturnRefunded(rma: string, actor: Actor): Promise<ReturnView>;
  getReturn(rma: string, actor: Actor): Promise<ReturnView>;
}

/**
 * A customer may open `perDay` complaints per business day (each one posts to Slack and
 * starts four SLA timers); one more is `rate_limited` until the day ends.
 */
async function refuseTooManyComplaints(tx: EntityManager, customerId: number, perDay: number, timeZone: string): Promise<void> {
  const [row] = await tx.execute<Array<{ today: string; seconds_left: string }>>(
    `select count(*) as today,
            extract(epoch from (date_trunc('day', now() at time zone ?) + interval '1 day') at time zone ? - now()) as seconds_left
       from ticket where customer_id = ? and kind = 'complaint' and created_at >= date_trunc('day', now() at time zone ?) at time zone ?`,
    [timeZone, timeZone, customerId, timeZone, timeZone],
  );
  if (Number(row!.today) >= perDay) {
    throw new AppError('rate_limited', `At most ${perDay} complaints a day`, { max: perDay, retryAfterSeconds: Math.ceil(Number(row!.seconds_left)) });
  }
}

/** @param refundsByApi Whether a payment provider refunds its own payments by API (the configured one). */
export function createSupportService({ uow, clock, config }: ServiceContext, refundsByApi: RefundRoute = () => false): SupportService {
  return {
    openTicket: async (input) => {
      authorize(input.actor, 'ticket.open');
      const own = customerIdOf(input.actor);
      return uow.write(async (tx) => {
        const order = input.orderNumber ? await tx.findOne(Order, { number: input.orderNumber }) : null;
        if (input.orderNumber && (!order || (own !== null && order.customer.id !== own))) {
          throw new AppError('not_found', `No order ${input.orderNumber}`, { number: input.orderNumber });
        }
        const customerId = own ?? input.customerId ?? order?.customer.id;
        if (customerId === undefined) throw new AppError('invalid_input', 'A ticket needs a customer or an order');
        if (input.reuseOpen) {
          const open = await tx.findOne(Ticket, { customer: customerId, status: { $in: ['open', 'claimed'] } }, { orderBy: { id: 'desc' } });
          if (open) return { ...toTicketView(open), reused: true };
        }
        if (input.kind === 'complaint' && own !== null) await refuseTooManyComplaints(tx, customerId, config.COMPLAINTS_PER_DAY, config.REPORT_TIMEZONE);
        return openTicket(tx, { ...input, customerId });
      });
    },
    getTicket: async (number, actor) => {
      authorize(actor, 'lookup');
      return uow.read((em) => getTicket(em, number));
    },
    ticketsAssignedTo: (slackUserId) => uow.read(async (em) => {
      const tickets = await em.find(Ticket, { assigneeSlackId: slackUserId, status: { $in: ['open', 'claimed'] } }, { orderBy: { id: 'desc' }, limit: 10 });
      return tickets.map(toTicketView);
    }),
    claimTicket: async (number, actor) => {
      authorize(actor, 'ticket.work');
      return uow.write((tx) => claimTicket(tx, number, actor.id!));
    },
    resolveTicket: async (number, resolution, actor) => {
      authorize(actor, 'ticket.work');
      return uow.write((tx) => resolveTicket(tx, number, actor.id!, resolution));
    },
    escalateTicket: async (number, actor) => {
      authorize(actor, 'ticket.work');
      return uow.write((tx) => escalateTicket(tx, number, actor.id!));
    },
    replyToTicket: async (number, text, actor) => {
      authorize(actor, 'ticket.work');
      return uow.write((tx) => replyToTicket(tx, number, actor.id!, text));
    },
    addCustomerMessage: async (number, text, actor) => {
      const customerId = requireCustomer(actor);
      return uow.write((tx) => addCustomerMessage(tx, number, customerId, text));
    },
    checkSla: (number, stage) => uow.write((tx) => checkSla(tx, number, stage, clock.now())),
    rate: async (about, score, channel, actor) => {
      authorize(actor, 'feedback.give');
      const customerId = requireCustomer(actor);
      return uow.write((tx) => recordRating(tx, { customerId, ...about, score, channel }));
    },
    addFeedbackComment: async (feedbackId, comment, actor) => {
      const customerId = requireCustomer(actor);
      await uow.write((tx) => addFeedbackComment(tx, feedbackId, customerId, comment));
    },
    requestOrderFeedback: (orderNumber) => uow.write((tx) => requestOrderFeedback(tx, orderNumber)),
    requestReturn: async (orderNumber, reason, actor) => {
      authorize(actor, 'order.return');
      const customerId = requireCustomer(actor);
      return uow.write((tx) => requestReturn(tx, { orderNumber, customerId, reason, now: clock.now(), windowDays: config.RETURN_WINDOW_DAYS }));
    },
    decideReturn: async (rma, approve, actor, reason) => {
      authorize(actor, 'return.decide');
      return uow.write((tx) => decideReturn(tx, rma, approve, actor, reason));
    },
    receiveReturn: async (rma, resolution, actor) => {
      authorize(actor, 'return.receive');
      return uow.write((tx) => receiveReturn(tx, rma, resolution, actor));
    },
    markReturnRefunded: async (rma, actor) => {
      authorize(actor, 'payment.record');
      return uow.write((tx) => markReturnRefunded(tx, rma, actor, refundsByApi));
    },
    getReturn: async (rma, actor) => {
      authorize(actor, 'lookup');
      return uow.read((em) => getReturn(em, rma));
    },
  };
}
