import { migrateWithLock } from '../../core/shared/database.ts';
import { benchDatabaseUrl, createDatabase, dropDatabase } from '../databases.ts';
import { timeDigest, type DigestTiming, type StatementTotal } from '../digest-timing.ts';
import { seedOrderHistory, type SeededHistory } from '../history-seed.ts';
import { announce } from '../progress.ts';
import { createTimedOrm } from '../query-log.ts';
import { figure, type Scenario, type ScenarioOutcome } from '../scenario.ts';

/** Scratch database of this scenario, on the bench server; dropped at start and at the end. */
export const digestDatabase = 'orderchat_bench_digest';

const fullOrders = 1_000_000;
const customers = 5000;
const days = 365;
// Fixed, so every run seeds the same rows and reports the same day.
const lastDay = '2026-11-20';
const timedRuns = 3;
const slowReportSeconds = 5;
const targetSeconds = 1;

/** Orders seeded, and how long one digest statement may run before the server cancels it. */
function scale(quick: boolean): { orders: number; statementTimeoutSeconds: number } {
  return quick ? { orders: 100_000, statementTimeoutSeconds: 3 } : { orders: fullOrders, statementTimeoutSeconds: 30 };
}

const excerpt = (sql: string, length = 200) => (sql.length <= length ? sql : `${sql.slice(0, length)}…`);
const describe = ({ ms, count, cancelled, sql }: StatementTotal) =>
  `${Math.round(ms)} ms over ${count} execution${count === 1 ? '' : 's'}${cancelled ? ', the last cancelled' : ''}: ${excerpt(sql)}`;

function seedNote(history: SeededHistory, timeZone: string): string {
  const rows = history.orders + history.lines + history.auditEntries + history.ratings;
  return `digest: ${history.orders} orders with ${history.lines} lines, ${history.auditEntries} audit entries (every status step) and ${history.ratings} ratings ` +
    `over the ${days} days to ${lastDay} (${timeZone}), ${customers} customers; COPY on four connections at once in ${history.copySeconds.toFixed(1)} s ` +
    `(${Math.round(rows / history.copySeconds)} rows/s; the seed rate counts orders with their rows), ${history.seconds.toFixed(1)} s in all with ` +
    'catalog, customers, tickets and VACUUM ANALYZE';
}

function timingNotes(timing: DigestTiming, date: string, dayOrders: number, quick: boolean, timeoutSeconds: number): string[] {
  const verdict = quick ? `the target (under ${targetSeconds} s over ${fullOrders} orders) is for the full run`
    : `target under ${targetSeconds} s over ${fullOrders} orders: ${timing.finished && timing.seconds < targetSeconds ? 'met' : 'NOT met'}`;
  const statementCount = timing.statements.reduce((sum, statement) => sum + statement.count, 0);
  const [slowest, ...others] = timing.statements;
  const headline = timing.finished
    ? `digest: dailyReport for ${date} (${dayOrders} orders that day, ${statementCount} statements): ${timing.runs.map((s) => s.toFixed(3)).join(', ')} s ` +
      `after one warm-up, the figure is the median; ${verdict}`
    : `digest: dailyReport for ${date} (${dayOrders} orders that day) did not finish: ${timing.secondsUntilCancelled.toFixed(1)} s into the report, ` +
      `after ${statementCount} statements, one ran into the ${timeoutSeconds} s statement timeout; ${verdict}`;
  return [
    headline,
    ...(slowest ? [`digest: slowest statement ${describe(slowest)}`] : []),
    ...others.slice(0, 2).map((next) => `digest: then ${describe(next)}`),
  ];
}

function outcome(history: SeededHistory, timing: DigestTiming, dayIndex: number, quick: boolean, timeZone: string): ScenarioOutcome {
  const date = history.days[dayIndex]!;
  const dayOrders = history.ordersPerDay[dayIndex]!;
  const failures = timing.finished && timing.report.orders !== dayOrders ? [`digest: the report counts ${timing.report.orders} orders on ${date}; ${dayOrders} were seeded`] : [];
  return {
    figures: [
      figure('digest_seed_orders', history.orders, 'orders', 0),
      figure('digest_seed_rows', history.orders + history.lines + history.auditEntries + history.ratings, 'rows', 0),
      figure('digest_seed_seconds', history.seconds, 's'),
      figure('digest_seed_rate', history.orders / history.copySeconds, 'orders/s', 0),
      // Absent when the report did not finish: a lower bound would read as a measurement.
      ...(timing.finished ? [figure('digest_seconds', timing.seconds, 's', 3)] : []),
    ],
    notes: [seedNote(history, timeZone), ...timingNotes(timing, date, dayOrders, quick, scale(quick).statementTimeoutSeconds)],
    failures,
  };
}

/**
 * Digest at scale: a fresh database with a year of history (1,000,000 orders, about 3,000,000
 * lines, an audit entry per status step, ratings; 100,000 orders with `--quick`) seeded by COPY,
 * then the daily report of the day in the middle, timed. The target (under 1 s over 1,000,000
 * orders) is reported, not asserted; a statement running past the timeout ends the timing, and a
 * report that miscounts the day's orders is a failure.
 */
export const digest: Scenario = {
  name: 'digest',
  async run({ quick, target }) {
    const { orders, statementTimeoutSeconds } = scale(quick);
    const timeZone = target.config.REPORT_TIMEZONE;
    const databaseUrl = benchDatabaseUrl(digestDatabase);
    await dropDatabase(digestDatabase);
    await createDatabase(digestDatabase);
    const { orm, statements } = await createTimedOrm(databaseUrl, statementTimeoutSeconds * 1000);
    try {
      announce(`digest: migrating ${digestDatabase}`);
      await migrateWithLock(orm, databaseUrl);
      const history = await seedOrderHistory(databaseUrl, { orders, customers, days, lastDay, timeZone });
      const dayIndex = Math.floor(history.days.length / 2);
      announce(`digest: dailyReport for ${history.days[dayIndex]}, a warm-up and up to ${timedRuns} timed runs, statements cancelled after ${statementTimeoutSeconds} s`);
      const timing = await timeDigest(orm, statements, { date: history.days[dayIndex]!, timeZone, runs: timedRuns, slowSeconds: slowReportSeconds });
      return outcome(history, timing, dayIndex, quick, timeZone);
    } finally {
      await orm.close();
      await dropDatabase(digestDatabase);
    }
  },
};
