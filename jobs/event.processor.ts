import type { Locale } from '../core/customers/index.ts';
import type { FollowUp, NotificationService } from '../core/notifications/index.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';
import { RetryLater } from './registry.ts';

/** How soon an event whose relay transaction has not committed yet is looked at again. */
const uncommittedRecheckMs = 500;

/** What event processors need. */
export interface EventDeps {
  notifications: NotificationService;
  queues: JobQueues<JobDefinitionsOfApp>;
  /** Language of staff messages. */
  staffLocale: Locale;
}

/**
 * Hands one relayed event's notifications to the notification queue, and schedules its
 * follow-ups. The relay enqueues this job inside its transaction, so the job may run before
 * that commits: it then waits, and finds the notification rows once the commit lands.
 */
export async function dispatchEvent(deps: EventDeps, event: { eventId: number; topic: string }): Promise<{ notifications: number }> {
  const ids = await deps.notifications.pendingIdsOfEvent(event.eventId);
  if (ids === null) throw new RetryLater(uncommittedRecheckMs, 'relay transaction not committed yet');
  await enqueueNotifications(deps.queues, ids);
  for (const followUp of await deps.notifications.followUps(event.eventId)) await scheduleFollowUp(deps.queues, followUp);
  return { notifications: ids.length };
}

/** One follow-up as a delayed job; its key is the job id, so scheduling it twice schedules it once. */
async function scheduleFollowUp(queues: JobQueues<JobDefinitionsOfApp>, followUp: FollowUp): Promise<void> {
  const options = { jobId: followUp.key, delay: Math.max(0, followUp.at.getTime() - Date.now()) };
  switch (followUp.kind) {
    case 'approval_reminder':
      await queues.enqueue('approvals.remind', { eventId: followUp.eventId, orderNumber: followUp.orderNumber }, options);
      return;
    case 'feedback_request':
      await queues.enqueue('feedback.request', { orderNumber: followUp.orderNumber }, options);
      return;
    case 'sla_timer':
      await queues.enqueue('tickets.sla', { ticketNumber: followUp.ticketNumber, stage: followUp.stage }, options);
  }
}

export async function enqueueNotifications(queues: JobQueues<JobDefinitionsOfApp>, ids: number[]): Promise<void> {
  await queues.enqueueBulk('notify.send', ids.map((id) => ({ payload: { notificationId: id }, jobId: `ntf-${id}` })));
}

/** Reminds managers of an order still waiting for approval (nothing when it was decided meanwhile). */
export async function remindApproval(deps: EventDeps, eventId: number, orderNumber: string): Promise<{ reminders: number }> {
  const ids = await deps.notifications.planApprovalReminders(eventId, orderNumber, deps.staffLocale);
  await enqueueNotifications(deps.queues, ids);
  return { reminders: ids.length };
}
