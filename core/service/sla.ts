import type { EntityManager } from '@mikro-orm/postgresql';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { Ticket, ticketPriorities, type TicketPriority } from './ticket.entity.ts';
import { addBusinessMinutes, type BusinessHours } from './business-time.ts';

/** First-response targets in business minutes, per priority. A warning goes out at 80 %. */
export const firstResponseTargets: Record<TicketPriority, number> = { urgent: 30, high: 60, normal: 240, low: 480 };

/** Resolution targets in business minutes, per priority. */
export const resolutionTargets: Record<TicketPriority, number> = { urgent: 240, high: 480, normal: 1440, low: 2880 };

/** The two SLAs of a ticket. */
export type SlaKind = 'first_response' | 'resolution';

/** One SLA timer: which SLA, and the warning (80 %) or the breach. */
export type SlaStage = 'warn' | 'breach' | 'resolution_warn' | 'resolution_breach';

/** Share of the target after which the team is warned. */
export const warningShare = 0.8;

/** When the warning and the breach of a ticket's first-response (or resolution) SLA fall. */
export function slaTimes(openedAt: Date, priority: TicketPriority, hours: BusinessHours, kind: SlaKind = 'first_response'): { warnAt: Date; dueAt: Date } {
  const target = (kind === 'first_response' ? firstResponseTargets : resolutionTargets)[priority];
  return { warnAt: addBusinessMinutes(openedAt, target * warningShare, hours), dueAt: addBusinessMinutes(openedAt, target, hours) };
}

/** Per stage: the column that makes it happen once, and what stops the clock. */
const stageRules: Record<SlaStage, { column: string; stopped: string; warning: boolean; kind: SlaKind }> = {
  warn: { column: 'sla_warned_at', stopped: 'first_responded_at is null', warning: true, kind: 'first_response' },
  breach: { column: 'sla_breached_at', stopped: 'first_responded_at is null', warning: false, kind: 'first_response' },
  resolution_warn: { column: 'resolution_warned_at', stopped: 'true', warning: true, kind: 'resolution' },
  resolution_breach: { column: 'resolution_breached_at', stopped: 'true', warning: false, kind: 'resolution' },
};

/**
 * An SLA timer of a ticket went off. Nothing happens when the clock was stopped (a first response
 * for the first-response SLA; resolving for both); otherwise, once each: at 80 % the team is warned in Slack, at the
 * breach the ticket is escalated to the managers and its priority raised. Both are audited.
 * Returns what it did.
 */
export async function checkSla(tx: EntityManager, number: string, stage: SlaStage, now: Date): Promise<'warned' | 'breached' | 'nothing'> {
  const rule = stageRules[stage];
  const [row] = await tx.execute<Array<{ id: number }>>(
    `update ticket set ${rule.column} = ? where number = ? and ${rule.column} is null and ${rule.stopped} and status in ('open', 'claimed') returning id`,
    [now, number],
  );
  if (!row) return 'nothing';
  const ticket = await tx.findOneOrFail(Ticket, { id: row.id });
  const actor = { type: 'system' as const, id: 'sla' };
  if (rule.warning) {
    audit(tx, actor, { entityType: 'ticket', entityId: number, action: 'ticket.sla_warning', after: { priority: ticket.priority, sla: rule.kind } });
    publish(tx, 'ticket.sla_warning', { type: 'ticket', id: number }, { ticketNumber: number, sla: rule.kind });
    await tx.flush();
    return 'warned';
  }
  const before = { escalationLevel: ticket.escalationLevel, priority: ticket.priority };
  ticket.escalationLevel = Math.max(ticket.escalationLevel, 1);
  ticket.priority = ticketPriorities[Math.min(ticketPriorities.indexOf(ticket.priority) + 1, ticketPriorities.length - 1)]!;
  audit(tx, actor, { entityType: 'ticket', entityId: number, action: 'ticket.sla_breached', before, after: { escalationLevel: ticket.escalationLevel, priority: ticket.priority, sla: rule.kind } });
  publish(tx, 'ticket.sla_breached', { type: 'ticket', id: number }, { ticketNumber: number, sla: rule.kind });
  await tx.flush();
  return 'breached';
}
