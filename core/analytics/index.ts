export type { DailyReport } from './daily-report.ts';
export { shiftDate, localDate } from '../shared/calendar.ts';
export type { DigestChannel } from './digest.ts';
export { createAnalyticsService, type AnalyticsService } from './analytics.service.ts';
