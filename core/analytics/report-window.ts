/** SQL for the start and end of a business day: `(date)::timestamp at time zone tz`. */
export const dayStart = "(?::date)::timestamp at time zone ?";
export const dayEnd = "((?::date) + 1)::timestamp at time zone ?";

/** Parameters for one `dayStart` or `dayEnd`. */
export const dayParams = (date: string, timeZone: string) => [date, timeZone];

/** `date` minus `days`, as YYYY-MM-DD. */
export function shiftDate(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** Today's date in `timeZone`, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
