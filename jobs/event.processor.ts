import type { Locale } from '../core/customers/index.ts';
import type { ApprovalStage, FollowUp, NotificationRef, NotificationService } from '../core/notifications/index.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';

/** What the follow-up processors need. */
export interface EventDeps {
  notifications: NotificationService;
  queues: JobQueues<JobDefinitionsOfApp>;
  /** Language of staff messages. */
  staffLocale: Locale;
  /** Rejects an order nobody approved in time; false when it was decided. */
  expireApproval(orderNumber: string): Promise<boolean>;
}

/** `notify.send` jobs for notification rows; the row's key is the job id, so enqueueing twice enqueues once. */
export async function enqueueNotifications(queues: JobQueues<JobDefinitionsOfApp>, refs: NotificationRef[]): Promise<void> {
  await queues.enqueueBulk('notify.send', refs.map((ref) => ({ payload: { notificationId: ref.id }, jobId: `ntf-${ref.jobKey}` })));
}

/**
 * The jobs that carry out follow-ups, delayed until each is due (an overdue one runs at once),
 * one `addBulk` per kind; the follow-up's key is the job id, so scheduling twice schedules once.
 */
export async function scheduleFollowUps(queues: JobQueues<JobDefinitionsOfApp>, followUps: FollowUp[], now = Date.now()): Promise<void> {
  const timing = (followUp: FollowUp) => ({ jobId: followUp.key, delay: Math.max(0, followUp.at.getTime() - now) });
  const ofKind = <K extends FollowUp['kind']>(kind: K) => followUps.filter((followUp): followUp is Extract<FollowUp, { kind: K }> => followUp.kind === kind);
  await queues.enqueueBulk('approvals.remind', ofKind('approval_reminder').map((followUp) => ({ payload: { eventId: followUp.eventId, orderNumber: followUp.orderNumber, stage: followUp.stage }, ...timing(followUp) })));
  await queues.enqueueBulk('feedback.request', ofKind('feedback_request').map((followUp) => ({ payload: { orderNumber: followUp.orderNumber }, ...timing(followUp) })));
  await queues.enqueueBulk('quotes.expire', ofKind('quote_expiry').map((followUp) => ({ payload: { quoteNumber: followUp.quoteNumber, version: followUp.version }, ...timing(followUp) })));
  await queues.enqueueBulk('bookings.remind', ofKind('booking_reminder').map((followUp) => ({ payload: { bookingNumber: followUp.bookingNumber, version: followUp.version, hoursBefore: followUp.hoursBefore }, ...timing(followUp) })));
  await queues.enqueueBulk('tickets.sla', ofKind('sla_timer').map((followUp) => ({ payload: { ticketNumber: followUp.ticketNumber, stage: followUp.stage }, ...timing(followUp) })));
}

/**
 * One rung of the ladder for an order still waiting for approval (nothing when it was decided
 * meanwhile): managers reminded, the managers' channel told, or the order rejected.
 */
export async function remindApproval(deps: EventDeps, eventId: number, orderNumber: string, stage: ApprovalStage): Promise<{ reminders: number; expired: boolean }> {
  if (stage === 'timeout') return { reminders: 0, expired: await deps.expireApproval(orderNumber) };
  const refs = await deps.notifications.planApprovalReminders(eventId, orderNumber, deps.staffLocale, stage);
  await enqueueNotifications(deps.queues, refs);
  return { reminders: refs.length, expired: false };
}
