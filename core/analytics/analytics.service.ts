import { AppError } from '../shared/errors.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import type { Actor } from '../shared/actor.ts';
import { authorize } from '../shared/authorization.ts';
import { forgetHandled, markHandled } from '../shared/handled-once.ts';
import { isBusinessEra, localDate, shiftDate } from '../shared/calendar.ts';
import { dailyReport, type DailyReport } from './daily-report.ts';
import type { DigestChannel } from './digest.ts';

/** Figures for managers: the daily report and its digest. */
export interface AnalyticsService {
  /** The report of `date` (YYYY-MM-DD in the business time zone; default yesterday). */
  dailyReport(date: string | undefined, actor: Actor): Promise<DailyReport>;
  /**
   * Builds the report of `date` and publishes it through `channel`, once per date (a retried
   * job or a second worker sends nothing) unless `force` (the CLI's "send one now"). When
   * publishing fails, the date is freed so the retry sends it. Null when it was sent before.
   */
  sendDailyDigest(date: string | undefined, channel: DigestChannel, force?: boolean): Promise<{ date: string; sent: string[] | null }>;
}

export function createAnalyticsService({ uow, clock, config }: ServiceContext): AnalyticsService {
  const timeZone = config.REPORT_TIMEZONE;
  const dayOrYesterday = (date: string | undefined) => {
    if (date === undefined) return shiftDate(localDate(clock.now(), timeZone), -1);
    // Whatever the front end checked: a day the calendar can use, or invalid_input (never a 500).
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isBusinessEra(date)) {
      throw new AppError('invalid_input', `No report for ${date}: give a date between 1970-01-01 and 9999-12-31`, { date });
    }
    return date;
  };
  // A transaction although it only reads: the report turns JIT off with `set local`.
  const report = (date: string) => uow.write((tx) => dailyReport(tx, date, timeZone));
  return {
    dailyReport: async (date, actor) => {
      authorize(actor, 'report.read');
      return report(dayOrYesterday(date));
    },
    sendDailyDigest: async (date, channel, force = false) => {
      const day = dayOrYesterday(date);
      if (!force && !(await uow.write((tx) => markHandled(tx, 'digest', day)))) return { date: day, sent: null };
      try {
        return { date: day, sent: await channel.publish(await report(day)) };
      } catch (error) {
        if (!force) await uow.write((tx) => forgetHandled(tx, 'digest', day));
        throw error;
      }
    },
  };
}
