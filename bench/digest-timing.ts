import { DriverException } from '@mikro-orm/core';
import { dailyReport, type DailyReport } from '../core/analytics/daily-report.ts';
import type { MikroORM } from '../core/db.ts';
import { statementTimeoutCode, type StatementLog, type TimedStatement } from './query-log.ts';

/** Time spent on one statement text within one report; the same text can run several times in it. */
export interface StatementTotal {
  /** Whitespace collapsed to single spaces. */
  sql: string;
  count: number;
  ms: number;
  /** Cancelled by the statement timeout. */
  cancelled: boolean;
}

/**
 * How the reports went: finished with the median of the timed runs, or cut short because a
 * statement ran into the timeout. Statements are sorted slowest first, with their median over the
 * timed runs (or their time in the report that was cut short).
 */
export type DigestTiming =
  | { finished: true; seconds: number; runs: number[]; report: DailyReport; statements: StatementTotal[] }
  | { finished: false; secondsUntilCancelled: number; statements: StatementTotal[] };

/** Which report, and how many runs. */
export interface DigestTimingOptions {
  date: string;
  timeZone: string;
  /** Timed runs after the warm-up. */
  runs: number;
  /** After a warm-up slower than this, one timed run is enough: repeats add minutes, not insight. */
  slowSeconds: number;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function reportOnce(orm: MikroORM, statements: StatementLog, date: string, timeZone: string) {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const report = await orm.em.fork().transactional((tx) => dailyReport(tx, date, timeZone));
    return { seconds: seconds(), report, statements: statements.take() };
  } catch (error) {
    if (!(error instanceof DriverException && error.code === statementTimeoutCode)) throw error;
    return { seconds: seconds(), report: null, statements: statements.take() };
  }
}

function byText(statements: readonly TimedStatement[]): Map<string, Omit<StatementTotal, 'sql'>> {
  const totals = new Map<string, Omit<StatementTotal, 'sql'>>();
  for (const { sql, ms, failed } of statements) {
    const text = sql.replace(/\s+/g, ' ').trim();
    const total = totals.get(text) ?? { count: 0, ms: 0, cancelled: false };
    totals.set(text, { count: total.count + 1, ms: total.ms + ms, cancelled: total.cancelled || failed });
  }
  return totals;
}

function statementTotals(runs: ReadonlyArray<readonly TimedStatement[]>): StatementTotal[] {
  const perRun = runs.map(byText);
  return [...perRun[0]!.entries()]
    .map(([sql, total]) => ({ ...total, sql, ms: median(perRun.map((run) => run.get(sql)?.ms ?? 0)) }))
    .sort((a, b) => b.ms - a.ms);
}

/**
 * Builds the daily report once to warm the caches, then times `runs` more, each on a fresh
 * EntityManager as the digest job does. Stops at the first report cut short by the timeout.
 */
export async function timeDigest(orm: MikroORM, statements: StatementLog, { date, timeZone, runs, slowSeconds }: DigestTimingOptions): Promise<DigestTiming> {
  statements.take();
  const warmUp = await reportOnce(orm, statements, date, timeZone);
  if (!warmUp.report) return { finished: false, secondsUntilCancelled: warmUp.seconds, statements: statementTotals([warmUp.statements]) };
  const timed: Array<{ seconds: number; report: DailyReport; statements: TimedStatement[] }> = [];
  for (let run = 0; run < (warmUp.seconds > slowSeconds ? 1 : runs); run++) {
    const result = await reportOnce(orm, statements, date, timeZone);
    if (!result.report) return { finished: false, secondsUntilCancelled: result.seconds, statements: statementTotals([result.statements]) };
    timed.push({ ...result, report: result.report });
  }
  return {
    finished: true,
    seconds: median(timed.map((run) => run.seconds)),
    runs: timed.map((run) => run.seconds),
    report: timed.at(-1)!.report,
    statements: statementTotals(timed.map((run) => run.statements)),
  };
}
