import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../shared/config.ts';
import type { OutboxRecord } from '../shared/outbox.ts';
import { parseBusinessHours, slaTimes, type SlaStage, type TicketPriority } from '../service/index.ts';

/**
 * Work an event schedules for later, declared here once: a reminder when an approval waits,
 * a rating request after delivery, and the four SLA timers of a new ticket. Each has a key
 * unique to its event (with a time token, so a database restored from a backup never reuses
 * one), so scheduling it twice schedules it once.
 */
export type FollowUp =
  | { kind: 'approval_reminder'; key: string; at: Date; eventId: number; orderNumber: string }
  | { kind: 'feedback_request'; key: string; at: Date; orderNumber: string }
  | { kind: 'sla_timer'; key: string; at: Date; ticketNumber: string; stage: SlaStage };

const token = (at: Date) => at.getTime().toString(36);

/** The follow-ups of relayed events (none for most). */
export async function followUpsOf(em: EntityManager, events: OutboxRecord[], config: Config, now: Date): Promise<FollowUp[]> {
  const later = (minutes: number) => new Date(now.getTime() + Math.round(minutes * 60_000));
  const followUps: FollowUp[] = events.flatMap((event): FollowUp[] => {
    const key = `${event.id}-${token(event.createdAt)}`;
    if (event.topic === 'order.approval_requested') {
      return [{ kind: 'approval_reminder', key: `remind-${key}`, at: later(config.APPROVAL_REMINDER_MINUTES), eventId: event.id, orderNumber: event.aggregateId }];
    }
    if (event.topic === 'order.status_changed' && event.payload.to === 'delivered') {
      return [{ kind: 'feedback_request', key: `feedback-${key}`, at: later(config.FEEDBACK_DELAY_MINUTES), orderNumber: event.aggregateId }];
    }
    return [];
  });
  const opened = events.filter((event) => event.topic === 'ticket.opened').map((event) => event.aggregateId);
  return [...followUps, ...(await slaTimers(em, opened, config))];
}

/** A new ticket's four timers: the 80 % warning and the breach of its first-response and resolution SLAs. */
async function slaTimers(em: EntityManager, ticketNumbers: string[], config: Config): Promise<FollowUp[]> {
  if (ticketNumbers.length === 0) return [];
  const tickets = await em.execute<Array<{ number: string; priority: TicketPriority; created_at: Date }>>(
    'select number, priority, created_at from ticket where number in (?)',
    [ticketNumbers],
  );
  const hours = parseBusinessHours(config.BUSINESS_DAYS, config.BUSINESS_HOURS, config.REPORT_TIMEZONE);
  return tickets.flatMap((ticket): FollowUp[] => {
    const opened = new Date(ticket.created_at);
    const response = slaTimes(opened, ticket.priority, hours);
    const resolution = slaTimes(opened, ticket.priority, hours, 'resolution');
    const timers = [['warn', response.warnAt], ['breach', response.dueAt], ['resolution_warn', resolution.warnAt], ['resolution_breach', resolution.dueAt]] as const;
    return timers.map(([stage, at]) => ({ kind: 'sla_timer', key: `sla-${stage}-${ticket.number}-${token(opened)}`, at, ticketNumber: ticket.number, stage }));
  });
}
