import type { EntityManager } from '@mikro-orm/postgresql';
import { customerFigures, dailySeries, mixFigures, orderFigures } from './order-figures.ts';
import { paymentFigures, wholesaleFigures } from './payment-figures.ts';
import { bottleneckFigures, fulfilmentFigures, serviceFigures, stockFigures } from './operations-figures.ts';
import { manufacturingFigures } from './manufacturing-figures.ts';
import { bookingFigures } from './booking-figures.ts';
import { shiftDate } from '../shared/calendar.ts';

/** Everything the daily digest says about one business day. Read-only SQL. */
export type DailyReport = Awaited<ReturnType<typeof dailyReport>>;

async function dayFigures(em: EntityManager, date: string, timeZone: string) {
  return {
    ...(await orderFigures(em, date, timeZone)),
    ...(await customerFigures(em, date, timeZone)),
    ...(await fulfilmentFigures(em, date, timeZone)),
    ...(await serviceFigures(em, date, timeZone)),
    ...(await mixFigures(em, date, timeZone)),
  };
}

/**
 * The report of `date` (YYYY-MM-DD, in `timeZone`): the day's figures, the same figures a week
 * earlier (for week-over-week deltas), stock and bottlenecks as of the end of the day, and the
 * last 14 days of orders and revenue for the chart. Runs in the caller's transaction (its
 * `set local` needs one).
 */
export async function dailyReport(tx: EntityManager, date: string, timeZone: string) {
  // The report's statements look expensive to the planner, which would JIT-compile each one:
  // at a million orders compiling costs more than running them (bench "digest at scale").
  await tx.execute('set local jit = off');
  return {
    date,
    timeZone,
    ...(await dayFigures(tx, date, timeZone)),
    ...(await stockFigures(tx, date, timeZone)),
    ...(await bottleneckFigures(tx, date, timeZone)),
    ...(await paymentFigures(tx, date, timeZone)),
    ...(await wholesaleFigures(tx)),
    ...(await manufacturingFigures(tx)),
    ...(await bookingFigures(tx, date, timeZone)),
    weekAgo: await dayFigures(tx, shiftDate(date, -7), timeZone),
    series: await dailySeries(tx, date, timeZone, 14),
  };
}
