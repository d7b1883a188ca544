import type { MikroORM } from '@mikro-orm/postgresql';
import { pendingIdsOfEvent, planApprovalReminders } from '../core/messaging/index.ts';
import type { Locale } from '../core/customers/index.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { slaTimes, type BusinessHours, type TicketPriority } from '../core/service/index.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';
import { RetryLater } from './registry.ts';

/** How soon an event whose relay transaction has not committed yet is looked at again. */
const uncommittedRecheckMs = 500;

/**
 * Hands one relayed event's notifications to the notification queue. The relay enqueues this
 * job inside its transaction, so the job may run before that commits: it then waits, and
 * finds the notification rows once the relay's commit makes the event dispatched.
 */
export async function dispatchEvent(deps: EventDeps, event: { eventId: number; topic: string }): Promise<{ notifications: number }> {
  const em = deps.orm.em.fork();
  const ids = await pendingIdsOfEvent(em, event.eventId);
  if (ids === null) throw new RetryLater(uncommittedRecheckMs, 'relay transaction not committed yet');
  await enqueueNotifications(deps.queues, ids);
  if (event.topic === 'order.approval_requested' || event.topic === 'order.status_changed') {
    const [row] = await em.execute<Array<{ number: string; to: string | null }>>("select aggregate_id as number, payload->>'to' as to from outbox_event where id = ?", [event.eventId]);
    if (event.topic === 'order.approval_requested') {
      await deps.queues.enqueue('approvals.remind', { eventId: event.eventId, orderNumber: row!.number }, {
        jobId: `remind-${event.eventId}`, delay: Math.round(deps.reminderMinutes * 60_000),
      });
    } else if (row!.to === 'delivered') {
      await deps.queues.enqueue('feedback.request', { orderNumber: row!.number }, { jobId: `feedback-${event.eventId}`, delay: Math.round(deps.feedbackDelayMinutes * 60_000) });
    }
  }
  if (event.topic === 'ticket.opened') await scheduleSlaTimers(deps, em, event.eventId);
  return { notifications: ids.length };
}

/** A new ticket gets four delayed jobs: the 80 % warning and the breach of its first-response and resolution SLAs. */
async function scheduleSlaTimers(deps: EventDeps, em: EntityManager, eventId: number): Promise<void> {
  const [row] = await em.execute<Array<{ number: string; priority: TicketPriority; created_at: Date }>>(
    "select t.number, t.priority, t.created_at from ticket t join outbox_event e on e.aggregate_id = t.number where e.id = ?",
    [eventId],
  );
  if (!row) return;
  const response = slaTimes(new Date(row.created_at), row.priority, deps.businessHours);
  const resolution = slaTimes(new Date(row.created_at), row.priority, deps.businessHours, 'resolution');
  const timers = [['warn', response.warnAt], ['breach', response.dueAt], ['resolution_warn', resolution.warnAt], ['resolution_breach', resolution.dueAt]] as const;
  for (const [stage, at] of timers) {
    await deps.queues.enqueue('tickets.sla', { ticketNumber: row.number, stage }, { jobId: `sla-${stage}-${row.number}`, delay: Math.max(0, at.getTime() - Date.now()) });
  }
}

/** What event processors need. */
export interface EventDeps {
  orm: MikroORM;
  queues: JobQueues<JobDefinitionsOfApp>;
  /** Minutes an approval request may wait before managers are reminded. */
  reminderMinutes: number;
  /** Minutes after delivery the customer is asked for a rating. */
  feedbackDelayMinutes: number;
  /** Language of staff messages. */
  staffLocale: Locale;
  /** Opening hours the ticket SLAs count in. */
  businessHours: BusinessHours;
}

export async function enqueueNotifications(queues: JobQueues<JobDefinitionsOfApp>, ids: number[]): Promise<void> {
  await queues.enqueueBulk('notify.send', ids.map((id) => ({ payload: { notificationId: id }, jobId: `ntf-${id}` })));
}

/** Reminds managers of an order still waiting for approval (nothing when it was decided meanwhile). */
export async function remindApproval(deps: EventDeps, eventId: number, orderNumber: string): Promise<{ reminders: number }> {
  const ids = await planApprovalReminders(deps.orm.em.fork(), eventId, orderNumber, deps.staffLocale, new Date());
  await enqueueNotifications(deps.queues, ids);
  return { reminders: ids.length };
}
