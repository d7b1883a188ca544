import { purgeIdempotencyRecords } from '../core/shared/idempotency.ts';
import { checkSla, parseBusinessHours, requestOrderFeedback, type BusinessHours } from '../core/service/index.ts';
import { localDate, sendDailyDigest, shiftDate, type DigestChannel } from '../core/analytics/index.ts';
import { purgeProcessedUpdates } from '../core/messaging/index.ts';
import { checkIntegrity, openCycleCounts } from '../core/inventory/index.ts';
import { reservingStatuses } from '../core/orders/index.ts';
import { proposePurchaseOrders } from '../core/procurement/index.ts';
import { applyCarrierEvents, openShipments, type CarrierAdapter } from '../core/logistics/index.ts';
import type { Processors } from './registry.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';
import type { JobQueues } from './queues.ts';
import type { Locale } from '../core/customers/index.ts';
import { dispatchEvent, remindApproval } from './event.processor.ts';
import { sendNotification, type NotifyDeps } from './notify.processor.ts';

/** What processors need from the composition root. */
export interface ProcessorDeps extends NotifyDeps {
  /** Where follow-up jobs are enqueued. */
  queues: JobQueues<JobDefinitionsOfApp>;
  /** Minutes an approval request may wait before managers are reminded. @default 30 */
  reminderMinutes?: number;
  /** Minutes after delivery the customer is asked for a rating. @default 60 */
  feedbackDelayMinutes?: number;
  /** Language of staff messages. @default 'zh-CN' */
  staffLocale?: Locale;
  /** Business time zone (REPORT_TIMEZONE), for what is due today. @default 'Asia/Shanghai' */
  timeZone?: string;
  /** Carrier adapters by carrier code, for tracking. @default none */
  carriers?: ReadonlyMap<string, CarrierAdapter>;
  /** Opening hours for ticket SLAs. @default Monday–Friday 09:00–18:00 in `timeZone` */
  businessHours?: BusinessHours;
  /** Where the daily digest goes. @default none (the job then does nothing) */
  digest?: DigestChannel;
}

/** One processor per job name (the registry refuses to start otherwise). */
export function createProcessors(deps: ProcessorDeps): Processors<JobDefinitionsOfApp> {
  const { orm, logger, queues } = deps;
  const eventDeps = { orm, queues, reminderMinutes: deps.reminderMinutes ?? 30, feedbackDelayMinutes: deps.feedbackDelayMinutes ?? 60, staffLocale: deps.staffLocale ?? 'zh-CN', businessHours: deps.businessHours ?? parseBusinessHours('1-5', '09:00-18:00', deps.timeZone ?? 'Asia/Shanghai') } as const;
  return {
    'events.dispatch': (event) => dispatchEvent(eventDeps, event),
    'approvals.remind': ({ eventId, orderNumber }) => remindApproval(eventDeps, eventId, orderNumber),
    'notify.send': async ({ notificationId }, job) => {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return { outcome: await sendNotification(deps, notificationId, lastAttempt) };
    },
    'inventory.reorder': async () => {
      const proposed = await proposePurchaseOrders(orm.em.fork(), { type: 'system', id: 'reorder' });
      if (proposed.length > 0) logger.info({ purchaseOrders: proposed.map((order) => order.number) }, 'draft purchase orders proposed');
      return { proposed: proposed.map((order) => order.number) };
    },
    'inventory.cycle-counts': async () => {
      const opened = await openCycleCounts(orm.em.fork(), new Date(), deps.timeZone ?? 'Asia/Shanghai', { type: 'system', id: 'cycle-count' });
      if (opened.length > 0) logger.info({ counts: opened.map((count) => count.id) }, 'cycle counts opened');
      return { opened: opened.map((count) => count.id) };
    },
    'inventory.integrity-check': async () => {
      const mismatches = await checkIntegrity(orm.em.fork(), [...reservingStatuses]);
      if (mismatches.length > 0) logger.error({ mismatches }, 'stock integrity check found mismatches');
      return { mismatches: mismatches.length };
    },
    'tickets.sla': async ({ ticketNumber, stage }) => ({ result: await checkSla(orm.em.fork(), ticketNumber, stage, new Date()) }),
    'feedback.request': async ({ orderNumber }) => ({ requested: await requestOrderFeedback(orm.em.fork(), orderNumber) }),
    'reports.daily-digest': async ({ date }) => {
      if (!deps.digest) return { sent: null };
      const timeZone = deps.timeZone ?? 'Asia/Shanghai';
      const day = date ?? shiftDate(localDate(new Date(), timeZone), -1);
      const sent = await sendDailyDigest(orm.em.fork(), { date: day, timeZone, channel: deps.digest });
      logger.info({ date: day, sent }, 'daily digest');
      return { date: day, sent };
    },
    'logistics.track': async () => {
      const shipments = await openShipments(orm.em.fork());
      let applied = 0;
      for (const [carrier, adapter] of deps.carriers ?? new Map<string, CarrierAdapter>()) {
        const events = (await Promise.all(shipments.filter((each) => each.carrier === carrier).map((each) => adapter.track(each.trackingNumber)))).flat();
        applied += (await applyCarrierEvents(orm.em.fork(), carrier, events)).applied;
      }
      return { shipments: shipments.length, applied };
    },
    'maintenance.purge-idempotency-keys': async ({ olderThanHours }) => {
      const purged = await purgeIdempotencyRecords(orm.em.fork(), olderThanHours);
      // Chat platforms redeliver within hours; a week of processed update ids is plenty.
      const updates = await purgeProcessedUpdates(orm.em.fork(), Math.max(olderThanHours, 7 * 24));
      logger.info({ purged, updates }, 'idempotency records and processed chat updates purged');
      return { purged, updates };
    },
  };
}
