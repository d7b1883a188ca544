export { dailyReport, type DailyReport } from './daily-report.ts';
export { shiftDate, localDate } from '../shared/calendar.ts';
export { sendDailyDigest, type DigestChannel } from './digest.ts';
