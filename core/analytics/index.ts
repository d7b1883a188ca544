export { dailyReport, type DailyReport } from './daily-report.ts';
export { shiftDate, localDate } from './report-window.ts';
export { sendDailyDigest, type DigestChannel } from './digest.ts';
