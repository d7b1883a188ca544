import type { CoreServices } from '../core/services.ts';
import { jobActor } from '../core/shared/actor.ts';
import type { DigestChannel } from '../core/analytics/index.ts';
import type { Locale } from '../core/customers/index.ts';
import type { Processors } from './registry.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';
import type { JobQueues } from './queues.ts';
import { remindApproval } from './event.processor.ts';
import { sendNotification, type NotifyDeps } from './notify.processor.ts';

/** What processors need from the composition root. */
export interface ProcessorDeps extends Omit<NotifyDeps, 'notifications'> {
  core: CoreServices;
  /** Where follow-up jobs are enqueued. */
  queues: JobQueues<JobDefinitionsOfApp>;
  /** Language of staff messages. @default 'zh-CN' */
  staffLocale?: Locale;
  /** Where the daily digest goes. @default none (the job then does nothing) */
  digest?: DigestChannel | undefined;
}

/** One processor per job name (the registry refuses to start otherwise). Each calls core services. */
export function createProcessors(deps: ProcessorDeps): Processors<JobDefinitionsOfApp> {
  const { core, logger, queues } = deps;
  const eventDeps = { notifications: core.notifications, queues, staffLocale: deps.staffLocale ?? 'zh-CN', expireApproval: core.orders.expireApproval } as const;
  const notifyDeps: NotifyDeps = { ...deps, notifications: core.notifications };
  return {
    'approvals.remind': ({ eventId, orderNumber, stage }) => remindApproval(eventDeps, eventId, orderNumber, stage),
    'notify.send': async ({ notificationId }, job) => {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return { outcome: await sendNotification(notifyDeps, notificationId, lastAttempt) };
    },
    'inventory.reorder': async () => {
      const proposed = await core.procurement.proposePurchaseOrders(jobActor('reorder'));
      if (proposed.length > 0) logger.info({ purchaseOrders: proposed.map((order) => order.number) }, 'draft purchase orders proposed');
      return { proposed: proposed.map((order) => order.number) };
    },
    'bookings.remind': async ({ bookingNumber, version, hoursBefore }) => ({ reminded: await core.bookings.remind(bookingNumber, version, hoursBefore) }),
    'bookings.expire-holds': async () => ({ expired: await core.bookings.expireHolds() }),
    'logistics.plan-fleet': async () => {
      const plan = await core.fleet.planDay(undefined, jobActor('fleet'));
      return { routes: plan.routes.length, changed: plan.changed.length, unplanned: plan.unplanned.length };
    },
    'inventory.mrp': async () => {
      const plan = await core.manufacturing.runMrp(jobActor('mrp'));
      return { runId: plan.runId, suggestions: plan.suggestions.length };
    },
    'quotes.expire': async ({ quoteNumber, version }) => ({ expired: await core.quotes.expire(quoteNumber, version) }),
    'orders.credit-hold-expiry': async () => {
      const cancelled = await core.orders.expireCreditHolds();
      if (cancelled.length > 0) logger.info({ orders: cancelled }, 'credit holds expired');
      return { cancelled };
    },
    'orders.payment-overdue': async () => {
      const overdue = await core.orders.markOverdue();
      if (overdue.length > 0) logger.info({ orders: overdue }, 'orders marked overdue');
      return { overdue };
    },
    'inventory.abc-classes': async () => {
      const run = await core.inventory.recomputeAbcClasses(core.clock.now(), jobActor('abc-classes'));
      logger.info({ ...run }, 'ABC classes recomputed');
      return run;
    },
    'inventory.cycle-counts': async () => {
      const opened = await core.inventory.openCycleCounts(core.clock.now(), jobActor('cycle-count'));
      if (opened.length > 0) logger.info({ counts: opened.map((count) => count.id) }, 'cycle counts opened');
      return { opened: opened.map((count) => count.id) };
    },
    'inventory.integrity-check': async () => {
      const mismatches = await core.inventory.checkIntegrity(jobActor('integrity-check'));
      if (mismatches.length > 0) logger.error({ mismatches }, 'stock integrity check found mismatches');
      // Each account's credit exposure against the sum of its credit ledger.
      const credit = await core.accounts.creditMismatches();
      if (credit.length > 0) logger.error({ credit }, 'credit exposure differs from the credit ledger');
      return { mismatches: mismatches.length, credit: credit.length };
    },
    'tickets.sla': async ({ ticketNumber, stage }) => ({ result: await core.support.checkSla(ticketNumber, stage) }),
    'feedback.request': async ({ orderNumber }) => ({ requested: await core.support.requestOrderFeedback(orderNumber) }),
    'reports.daily-digest': async ({ date }) => {
      if (!deps.digest) return { sent: null };
      const { date: day, sent } = await core.analytics.sendDailyDigest(date, deps.digest);
      logger.info({ date: day, sent }, 'daily digest');
      return { date: day, sent };
    },
    'logistics.track': async () => core.logistics.pollCarriers(),
    'payments.sweep': async () => {
      const result = await core.payments.sweep();
      if (result.refundErrors.length > 0) logger.warn({ refunds: result.refundErrors }, 'refunds not taken by the provider; the next sweep tries again');
      if (result.expired.length + result.reminded.length + result.refundsRequested.length + result.refunded > 0) logger.info({ ...result }, 'payment sweep');
      return { expired: result.expired.length, reminded: result.reminded.length, refundsRequested: result.refundsRequested.length, refunded: result.refunded };
    },
    'maintenance.purge-idempotency-keys': async ({ olderThanHours }) => {
      const purged = await core.orders.purgeIdempotencyRecords(olderThanHours);
      // Chat platforms redeliver within hours; a week of processed update ids is plenty.
      const updates = await core.conversations.purgeHandled(Math.max(olderThanHours, 7 * 24));
      logger.info({ purged, updates }, 'idempotency records and processed chat updates purged');
      return { purged, updates };
    },
  };
}
