// Calendar dates in the business time zone, as YYYY-MM-DD. Building a DateTimeFormat costs far more
// than using one, so one per time zone is kept (they are immutable).
const formats = new Map<string, Intl.DateTimeFormat>();

function dateAndHourFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  return format;
}

/** The calendar date and hour of `at` in `timeZone`. */
export function localDateAndHour(at: Date, timeZone: string): { date: string; hour: number } {
  const parts = Object.fromEntries(dateAndHourFormat(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The calendar date of `at` in `timeZone`, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return localDateAndHour(at, timeZone).date;
}

/** `date` moved by `days` (negative for earlier), as YYYY-MM-DD. */
export function shiftDate(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/**
 * Whether an ISO date or date-time names a moment a shop can mean: a real day in the years
 * 1970 to 9999 (ISO syntax alone lets `0000-01-01` through, which PostgreSQL and the calendar
 * cannot use).
 */
export function isBusinessEra(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  return year >= 1970 && year <= 9999 && !Number.isNaN(Date.parse(iso));
}
