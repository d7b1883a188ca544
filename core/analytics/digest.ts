import type { DailyReport } from './daily-report.ts';

/** Where the digest goes (Slack with its chart, Telegram for managers). Implemented in `bots/`. */
export interface DigestChannel {
  /** Sends the digest; resolves with where it went (for the log). */
  publish(report: DailyReport): Promise<string[]>;
}
