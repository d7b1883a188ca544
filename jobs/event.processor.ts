import type { Locale } from '../core/customers/index.ts';
import type { FollowUp, NotificationRef, NotificationService } from '../core/notifications/index.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';

/** What the follow-up processors need. */
export interface EventDeps {
  notifications: NotificationService;
  queues: JobQueues<JobDefinitionsOfApp>;
  /** Language of staff messages. */
  staffLocale: Locale;
}

/** `notify.send` jobs for notification rows; the row's key is the job id, so enqueueing twice enqueues once. */
export async function enqueueNotifications(queues: JobQueues<JobDefinitionsOfApp>, refs: NotificationRef[]): Promise<void> {
  await queues.enqueueBulk('notify.send', refs.map((ref) => ({ payload: { notificationId: ref.id }, jobId: `ntf-${ref.jobKey}` })));
}

/** The job that carries out one follow-up, delayed until it is due; its key is the job id. */
export async function scheduleFollowUps(queues: JobQueues<JobDefinitionsOfApp>, followUps: FollowUp[], now = Date.now()): Promise<void> {
  for (const followUp of followUps) {
    const options = { jobId: followUp.key, delay: Math.max(0, followUp.at.getTime() - now) };
    switch (followUp.kind) {
      case 'approval_reminder':
        await queues.enqueue('approvals.remind', { eventId: followUp.eventId, orderNumber: followUp.orderNumber }, options);
        break;
      case 'feedback_request':
        await queues.enqueue('feedback.request', { orderNumber: followUp.orderNumber }, options);
        break;
      case 'sla_timer':
        await queues.enqueue('tickets.sla', { ticketNumber: followUp.ticketNumber, stage: followUp.stage }, options);
    }
  }
}

/** Reminds managers of an order still waiting for approval (nothing when it was decided meanwhile). */
export async function remindApproval(deps: EventDeps, eventId: number, orderNumber: string): Promise<{ reminders: number }> {
  const refs = await deps.notifications.planApprovalReminders(eventId, orderNumber, deps.staffLocale);
  await enqueueNotifications(deps.queues, refs);
  return { reminders: refs.length };
}
