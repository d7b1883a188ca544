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

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The offset of `timeZone` from UTC at `at`, in minutes (east positive). */
function offsetMinutes(at: Date, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant the business day `date` (YYYY-MM-DD) starts in `timeZone` (daylight saving included). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  let guess = midnightUtc - offsetMinutes(new Date(midnightUtc), timeZone) * 60_000;
  guess = midnightUtc - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** The last millisecond of the business day `date` in `timeZone`. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return new Date(startOfLocalDay(shiftDate(date, 1), timeZone).getTime() - 1);
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date (YYYY-MM-DD) and minutes since local midnight of `at` in `timeZone`. */
export function wallClock(at: Date, timeZone: string): { date: string; minutes: number } {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    wallClockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * The instant a wall clock in `timeZone` shows `minutes` after midnight on `date`, or null when
 * that local time does not exist (skipped by a daylight-saving change). A local time that occurs
 * twice (the hour repeated in autumn) is its first occurrence. Offsets are looked up for the day
 * itself, never assumed.
 */
export function localInstant(date: string, minutes: number, timeZone: string): Date | null {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const candidates = [-6, 6].map((hours) => wall - offsetMinutes(new Date(wall + hours * 3_600_000), timeZone) * 60_000)
    .filter((instant) => {
      const shown = wallClock(new Date(instant), timeZone);
      return shown.date === date && shown.minutes === minutes;
    });
  return candidates.length === 0 ? null : new Date(Math.min(...candidates));
}

/** Whether `timeZone` is an IANA zone this runtime knows (`Asia/Shanghai`, `America/New_York`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    const known = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone.length > 0;
    return known && (timeZone.includes('/') || timeZone === 'UTC');
  } catch {
    return false;
  }
}
