import type { EntityManager } from '@mikro-orm/postgresql';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { Ticket, ticketPriorities, type TicketPriority } from './ticket.entity.ts';
import { addBusinessMinutes, type BusinessHours } from './business-time.ts';

/** First-response targets in business minutes, per priority. A warning goes out at 80 %. */
export const firstResponseTargets: Record<TicketPriority, number> = { urgent: 30, high: 60, normal: 240, low: 480 };

/** Share of the target after which the team is warned. */
export const warningShare = 0.8;

/** When the warning and the breach of a ticket's first-response SLA fall. */
export function slaTimes(openedAt: Date, priority: TicketPriority, hours: BusinessHours): { warnAt: Date; dueAt: Date } {
  const target = firstResponseTargets[priority];
  return { warnAt: addBusinessMinutes(openedAt, target * warningShare, hours), dueAt: addBusinessMinutes(openedAt, target, hours) };
}

/**
 * The SLA timer of a ticket went off (`stage` warn or breach). Nothing happens when staff have
 * answered or it was resolved; otherwise, once each: at 80 % the team is warned in Slack, at the
 * breach the ticket is escalated to the managers and its priority raised. Both are audited.
 * Returns what it did.
 */
export async function checkSla(em: EntityManager, number: string, stage: 'warn' | 'breach', now: Date): Promise<'warned' | 'breached' | 'nothing'> {
  return em.fork().transactional(async (tx) => {
    const column = stage === 'warn' ? 'sla_warned_at' : 'sla_breached_at';
    const [row] = await tx.execute<Array<{ id: number }>>(
      `update ticket set ${column} = ? where number = ? and ${column} is null and first_responded_at is null and status in ('open', 'claimed') returning id`,
      [now, number],
    );
    if (!row) return 'nothing';
    const ticket = await tx.findOneOrFail(Ticket, { id: row.id });
    const actor = { type: 'system' as const, id: 'sla' };
    if (stage === 'warn') {
      audit(tx, actor, { entityType: 'ticket', entityId: number, action: 'ticket.sla_warning', after: { priority: ticket.priority } });
      publish(tx, 'ticket.sla_warning', { type: 'ticket', id: number }, { ticketNumber: number });
      await tx.flush();
      return 'warned';
    }
    const before = { escalationLevel: ticket.escalationLevel, priority: ticket.priority };
    ticket.escalationLevel = Math.max(ticket.escalationLevel, 1);
    ticket.priority = ticketPriorities[Math.min(ticketPriorities.indexOf(ticket.priority) + 1, ticketPriorities.length - 1)]!;
    audit(tx, actor, { entityType: 'ticket', entityId: number, action: 'ticket.sla_breached', before, after: { escalationLevel: ticket.escalationLevel, priority: ticket.priority } });
    publish(tx, 'ticket.sla_breached', { type: 'ticket', id: number }, { ticketNumber: number });
    await tx.flush();
    return 'breached';
  });
}
