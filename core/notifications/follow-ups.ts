import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../shared/config.ts';
import { toOutboxRecord, type OutboxRecord, type OutboxRow } from '../shared/outbox.ts';
import { parseBusinessHours, slaTimes, type BusinessHours, type SlaStage, type TicketPriority } from '../service/index.ts';

/**
 * Work an event schedules for later, declared here once: the escalation ladder of an approval that waits,
 * a rating request after delivery, and the four SLA timers of a new ticket. Each has a key
 * unique to its event (with a time token, so a database restored from a backup never reuses
 * one), so scheduling it twice schedules it once.
 */
export type FollowUp =
  | { kind: 'approval_reminder'; key: string; at: Date; eventId: number; orderNumber: string; stage: ApprovalStage }
  | { kind: 'feedback_request'; key: string; at: Date; orderNumber: string }
  | { kind: 'sla_timer'; key: string; at: Date; ticketNumber: string; stage: SlaStage }
  /** A sent quote expires at its validity (one timer per sending: the version is in the key). */
  | { kind: 'quote_expiry'; key: string; at: Date; quoteNumber: string; version: number }
  /** A booking's reminder, per version (a reschedule's new version gets new ones; the old ones find the version changed and do nothing). */
  | { kind: 'booking_reminder'; key: string; at: Date; bookingNumber: string; version: number; hoursBefore: number };

/** Hours before a booking its customer is reminded (a reminder already past when booked is not sent). */
export const bookingReminderHours = [24, 2] as const;

/**
 * The escalation ladder of an approval nobody gives: managers reminded (with the buttons),
 * then the managers' channel, then the order rejected with its stock released.
 */
export const approvalStages = ['remind', 'escalate', 'timeout'] as const;
export type ApprovalStage = (typeof approvalStages)[number];

/** When follow-ups fall due: read from the configuration once, when the service is made (a bad BUSINESS_HOURS stops the start). */
export interface FollowUpPolicy {
  approvalReminderMinutes: number;
  approvalEscalationMinutes: number;
  approvalTimeoutMinutes: number;
  feedbackDelayMinutes: number;
  businessHours: BusinessHours;
}

export function followUpPolicy(config: Config): FollowUpPolicy {
  return {
    approvalReminderMinutes: config.APPROVAL_REMINDER_MINUTES,
    approvalEscalationMinutes: config.APPROVAL_ESCALATION_MINUTES,
    approvalTimeoutMinutes: config.APPROVAL_TIMEOUT_HOURS * 60,
    feedbackDelayMinutes: config.FEEDBACK_DELAY_MINUTES,
    businessHours: parseBusinessHours(config.BUSINESS_DAYS, config.BUSINESS_HOURS, config.REPORT_TIMEZONE),
  };
}

const token = (at: Date) => at.getTime().toString(36);
/** `minutes` after the event committed. */
const after = (event: OutboxRecord, minutes: number) => new Date(event.createdAt.getTime() + Math.round(minutes * 60_000));

/**
 * The follow-ups of relayed events (none for most), timed from each event's commit: relayed
 * late (after an outage) or rebuilt after Redis lost its timers, they fall due when they would
 * have, and carry the same keys.
 */
export async function followUpsOf(em: EntityManager, events: OutboxRecord[], policy: FollowUpPolicy): Promise<FollowUp[]> {
  const followUps: FollowUp[] = events.flatMap((event): FollowUp[] => {
    const key = `${event.id}-${token(event.createdAt)}`;
    if (event.topic === 'order.approval_requested') {
      const due: Record<ApprovalStage, number> = { remind: policy.approvalReminderMinutes, escalate: policy.approvalEscalationMinutes, timeout: policy.approvalTimeoutMinutes };
      // The first stage keeps its old key (`remind-…`): timers scheduled before the ladder existed stay one.
      // An order waiting for the buyer's company (not for staff) only times out; staff are not reminded of it.
      const reasons = Array.isArray(event.payload.approvalReasons) ? event.payload.approvalReasons : [];
      const stages = reasons.includes('buyer_limit') ? approvalStages.filter((stage) => stage === 'timeout') : approvalStages;
      return stages.map((stage) => ({
        kind: 'approval_reminder', key: `${stage === 'remind' ? 'remind' : `approval-${stage}`}-${key}`, at: after(event, due[stage]), eventId: event.id, orderNumber: event.aggregateId, stage,
      }));
    }
    if (event.topic === 'quote.sent') {
      const version = Number(event.payload.version);
      return [{ kind: 'quote_expiry', key: `quote-expiry:${event.aggregateId}:${version}`, at: new Date(String(event.payload.validUntil)), quoteNumber: event.aggregateId, version }];
    }
    if (event.topic === 'booking.confirmed' || event.topic === 'booking.rescheduled') {
      const version = Number(event.payload.version);
      const start = Date.parse(String(event.payload.startAt));
      // A BullMQ job id may hold two colons at most.
      return bookingReminderHours.map((hoursBefore) => ({
        kind: 'booking_reminder' as const, key: `booking-reminder:${event.aggregateId}:v${version}-${hoursBefore}h`, at: new Date(start - hoursBefore * 3_600_000),
        bookingNumber: event.aggregateId, version, hoursBefore,
      })).filter((reminder) => reminder.at > event.createdAt);
    }
    if (event.topic === 'order.status_changed' && event.payload.to === 'delivered') {
      return [{ kind: 'feedback_request', key: `feedback-${key}`, at: after(event, policy.feedbackDelayMinutes), orderNumber: event.aggregateId }];
    }
    return [];
  });
  const opened = events.filter((event) => event.topic === 'ticket.opened').map((event) => event.aggregateId);
  return [...followUps, ...(await slaTimers(em, opened, policy.businessHours))];
}

/** How far back a delivery's rating request is rebuilt (the request itself is asked once per order). */
const feedbackLookbackMinutes = 3 * 24 * 60;

/**
 * The follow-ups that may still be due, rebuilt from the database for when Redis lost the
 * timers: reminders of orders still waiting for approval, the SLA timers of open tickets, the
 * rating requests of recent deliveries, and the reminders of confirmed bookings still ahead. Each job checks its state when it runs, so one
 * that is done already does nothing (an overdue one runs at once). Rare, so it may scan the
 * outbox.
 */
export async function openFollowUps(em: EntityManager, policy: FollowUpPolicy): Promise<FollowUp[]> {
  const rows = await em.execute<OutboxRow[]>(
    `select e.id, e.topic, e.aggregate_type, e.aggregate_id, e.payload, e.created_at from outbox_event e
      where e.dispatched_at is not null and (
        (e.topic = 'order.approval_requested'
          and exists (select 1 from "order" o where o.number = e.aggregate_id and o.status = 'pending_approval'))
        or (e.topic = 'order.status_changed' and e.payload->>'to' = 'delivered'
          and e.created_at > now() - make_interval(secs => ?)
          and exists (select 1 from "order" o where o.number = e.aggregate_id and o.status = 'delivered'))
        or (e.topic = 'quote.sent'
          and exists (select 1 from quote q where q.number = e.aggregate_id and q.status = 'sent'))
        or (e.topic in ('booking.confirmed', 'booking.rescheduled')
          and exists (select 1 from booking b where b.number = e.aggregate_id and b.status = 'confirmed' and b.version = (e.payload->>'version')::int and b.start_at > now()))
        or (e.topic = 'ticket.opened'
          and exists (select 1 from ticket t where t.number = e.aggregate_id and t.status in ('open', 'claimed'))))
      order by e.id`,
    [Math.round((feedbackLookbackMinutes + policy.feedbackDelayMinutes) * 60)],
  );
  return followUpsOf(em, rows.map(toOutboxRecord), policy);
}

/** A new ticket's four timers: the 80 % warning and the breach of its first-response and resolution SLAs. */
async function slaTimers(em: EntityManager, ticketNumbers: string[], hours: BusinessHours): Promise<FollowUp[]> {
  if (ticketNumbers.length === 0) return [];
  const tickets = await em.execute<Array<{ number: string; priority: TicketPriority; created_at: Date }>>(
    'select number, priority, created_at from ticket where number in (?)',
    [ticketNumbers],
  );
  return tickets.flatMap((ticket): FollowUp[] => {
    const opened = new Date(ticket.created_at);
    const response = slaTimes(opened, ticket.priority, hours);
    const resolution = slaTimes(opened, ticket.priority, hours, 'resolution');
    const timers = [['warn', response.warnAt], ['breach', response.dueAt], ['resolution_warn', resolution.warnAt], ['resolution_breach', resolution.dueAt]] as const;
    return timers.map(([stage, at]) => ({ kind: 'sla_timer', key: `sla-${stage}-${ticket.number}-${token(opened)}`, at, ticketNumber: ticket.number, stage }));
  });
}
