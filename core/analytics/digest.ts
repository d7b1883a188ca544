import type { EntityManager } from '@mikro-orm/postgresql';
import { markUpdateProcessed } from '../messaging/index.ts';
import { dailyReport, type DailyReport } from './daily-report.ts';

/** Where the digest goes (Slack with its chart, Telegram for managers). Implemented in `bots/`. */
export interface DigestChannel {
  /** Sends the digest; resolves with where it went (for the log). */
  publish(report: DailyReport): Promise<string[]>;
}

/**
 * Builds the report of `date` and publishes it, once per date (a second run the same day, a
 * retried job or a second worker sends nothing) unless `force` (the CLI's "send one now").
 * When publishing fails, the date is freed so the retry sends it.
 */
export async function sendDailyDigest(em: EntityManager, input: { date: string; timeZone: string; channel: DigestChannel; force?: boolean }): Promise<string[] | null> {
  if (!input.force && !(await markUpdateProcessed(em.fork(), 'digest', input.date))) return null;
  try {
    return await input.channel.publish(await dailyReport(em.fork(), input.date, input.timeZone));
  } catch (error) {
    if (!input.force) await em.fork().execute("delete from processed_update where channel = 'digest' and update_key = ?", [input.date], 'run');
    throw error;
  }
}
