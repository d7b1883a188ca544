import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../shared/config.ts';
import { parseBusinessHours, slaTimes, type SlaStage, type TicketPriority } from '../service/index.ts';

/**
 * Work an event schedules for later, declared here once: a reminder when an approval waits,
 * a rating request after delivery, and the four SLA timers of a new ticket. Each has a key
 * unique to its event, so scheduling it twice schedules it once.
 */
export type FollowUp =
  | { kind: 'approval_reminder'; key: string; at: Date; eventId: number; orderNumber: string }
  | { kind: 'feedback_request'; key: string; at: Date; orderNumber: string }
  | { kind: 'sla_timer'; key: string; at: Date; ticketNumber: string; stage: SlaStage };

/** The follow-ups of one relayed event (none for most). */
export async function followUpsOf(em: EntityManager, eventId: number, config: Config, now: Date): Promise<FollowUp[]> {
  const [event] = await em.execute<Array<{ topic: string; number: string; to: string | null }>>(
    "select topic, aggregate_id as number, payload->>'to' as to from outbox_event where id = ?",
    [eventId],
  );
  if (!event) return [];
  const later = (minutes: number) => new Date(now.getTime() + Math.round(minutes * 60_000));
  if (event.topic === 'order.approval_requested') {
    return [{ kind: 'approval_reminder', key: `remind-${eventId}`, at: later(config.APPROVAL_REMINDER_MINUTES), eventId, orderNumber: event.number }];
  }
  if (event.topic === 'order.status_changed' && event.to === 'delivered') {
    return [{ kind: 'feedback_request', key: `feedback-${eventId}`, at: later(config.FEEDBACK_DELAY_MINUTES), orderNumber: event.number }];
  }
  if (event.topic === 'ticket.opened') return slaTimers(em, event.number, config);
  return [];
}

/** A new ticket's four timers: the 80 % warning and the breach of its first-response and resolution SLAs. */
async function slaTimers(em: EntityManager, ticketNumber: string, config: Config): Promise<FollowUp[]> {
  const [ticket] = await em.execute<Array<{ priority: TicketPriority; created_at: Date }>>('select priority, created_at from ticket where number = ?', [ticketNumber]);
  if (!ticket) return [];
  const hours = parseBusinessHours(config.BUSINESS_DAYS, config.BUSINESS_HOURS, config.REPORT_TIMEZONE);
  const opened = new Date(ticket.created_at);
  const response = slaTimes(opened, ticket.priority, hours);
  const resolution = slaTimes(opened, ticket.priority, hours, 'resolution');
  const timers = [['warn', response.warnAt], ['breach', response.dueAt], ['resolution_warn', resolution.warnAt], ['resolution_breach', resolution.dueAt]] as const;
  return timers.map(([stage, at]) => ({ kind: 'sla_timer', key: `sla-${stage}-${ticketNumber}`, at, ticketNumber, stage }));
}
