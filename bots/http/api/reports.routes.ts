import { z } from 'zod';
import { businessDate } from './dates.ts';
import type { AnalyticsService } from '../../../core/analytics/index.ts';
import { operation, type Operation } from './operation.ts';
import { dailyReportView } from './views.ts';

const query = z.object({ date: businessDate.optional() }).strict();

/** `GET /reports/daily?date=YYYY-MM-DD`: the daily digest's figures as JSON (default yesterday). */
export function reportOperations(analytics: AnalyticsService): Operation[] {
  return [
    operation({
      method: 'get', path: '/reports/daily', tag: 'Reports', summary: "The daily digest's figures (default: yesterday in the business time zone)", permission: 'report.read',
      query, response: dailyReportView,
      handle: ({ query: { date }, caller }) => analytics.dailyReport(date, caller.actor),
    }),
  ];
}
