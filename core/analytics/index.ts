export { dailyReport, type DailyReport } from './daily-report.ts';
export { shiftDate, localDate } from './report-window.ts';
