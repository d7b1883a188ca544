import type { Config } from '../core/shared/config.ts';
import type { JobQueues } from './queues.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';

/** The daily digest: 08:00 every day in REPORT_TIMEZONE (the cron library keeps it at 08:00 across DST). */
export const digestSchedule = { pattern: '0 8 * * *' } as const;

/**
 * Every recurring job, declared once. `upsertJobScheduler` is idempotent, so each worker may
 * install them at start-up; BullMQ keeps one scheduler per id however many workers run.
 */
export async function installSchedules(queues: JobQueues<JobDefinitionsOfApp>, config: Config): Promise<void> {
  const maintenance = queues.queues.get('maintenance')!;
  const tz = config.REPORT_TIMEZONE;
  await maintenance.upsertJobScheduler('daily-digest', { ...digestSchedule, tz }, { name: 'reports.daily-digest', data: {} });
  await maintenance.upsertJobScheduler('reorder-daily', { pattern: '0 6 * * *', tz }, { name: 'inventory.reorder', data: {} });
  await maintenance.upsertJobScheduler('booking-holds', { every: 60_000 }, { name: 'bookings.expire-holds', data: {} });
  await maintenance.upsertJobScheduler('fleet-daily', { pattern: `0 ${config.FLEET_PLAN_HOUR} * * *`, tz }, { name: 'logistics.plan-fleet', data: {} });
  await maintenance.upsertJobScheduler('mrp-daily', { pattern: '0 6 * * *', tz }, { name: 'inventory.mrp', data: {} });
  await maintenance.upsertJobScheduler('abc-classes-weekly', { pattern: '0 6 * * 1', tz }, { name: 'inventory.abc-classes', data: {} });
  await maintenance.upsertJobScheduler('cycle-counts-daily', { pattern: '0 7 * * *', tz }, { name: 'inventory.cycle-counts', data: {} });
  await maintenance.upsertJobScheduler('tracking', { pattern: `*/${config.TRACKING_POLL_MINUTES} * * * *`, tz }, { name: 'logistics.track', data: {} });
  await maintenance.upsertJobScheduler('payment-sweep', { every: Math.round(config.PAYMENT_SWEEP_SECONDS * 1000) }, { name: 'payments.sweep', data: {} });
  await maintenance.upsertJobScheduler('credit-hold-expiry-hourly', { pattern: '41 * * * *', tz }, { name: 'orders.credit-hold-expiry', data: {} });
  await maintenance.upsertJobScheduler('payment-overdue-daily', { pattern: '5 0 * * *', tz }, { name: 'orders.payment-overdue', data: {} });
  await maintenance.upsertJobScheduler('integrity-hourly', { pattern: '17 * * * *', tz }, { name: 'inventory.integrity-check', data: {} });
  await maintenance.upsertJobScheduler(
    'purge-idempotency-keys-daily',
    { pattern: '30 3 * * *', tz: config.REPORT_TIMEZONE },
    { name: 'maintenance.purge-idempotency-keys', data: { olderThanHours: 24 } },
  );
}
