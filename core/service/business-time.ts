/** When people work: weekdays (1 = Monday … 7 = Sunday) and hours, in a time zone. */
export interface BusinessHours {
  timeZone: string;
  days: readonly number[];
  /** Opening and closing time, minutes after midnight (09:00 = 540). */
  opensAt: number;
  closesAt: number;
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Local calendar parts of an instant in `timeZone`. */
function localParts(instant: number, timeZone: string): { year: number; month: number; day: number; minutes: number; weekday: number } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short', hourCycle: 'h23',
  }).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), minutes: Number(parts.hour) * 60 + Number(parts.minute), weekday: weekdays[parts.weekday!]! };
}

/** The instant at which the wall clock in `timeZone` shows this local date and time (DST-aware). */
function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const offset = (at: number) => {
    const local = localParts(at, timeZone);
    return Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes) - at;
  };
  const first = guess - offset(guess);
  return guess - offset(first);
}

/**
 * `minutes` of business time after `start`: only open hours on business days count. Pure;
 * the SLA timers are computed with it, so a ticket opened Friday evening is due on Monday.
 */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date {
  let at = start.getTime();
  let remaining = minutes;
  for (let guard = 0; guard < 3700; guard += 1) {
    const local = localParts(at, hours.timeZone);
    const open = zonedInstant(local.year, local.month, local.day, hours.opensAt, hours.timeZone);
    const close = zonedInstant(local.year, local.month, local.day, hours.closesAt, hours.timeZone);
    if (hours.days.includes(local.weekday) && at < close) {
      const from = Math.max(at, open);
      const available = (close - from) / 60_000;
      if (remaining <= available) return new Date(from + remaining * 60_000);
      remaining -= available;
    }
    // On to the start of the next local day.
    at = zonedInstant(local.year, local.month, local.day, 24 * 60, hours.timeZone);
  }
  throw new Error('No business hours within ten years: check BUSINESS_DAYS and BUSINESS_HOURS');
}

/** Parses `BUSINESS_DAYS` ("1-5" or "1,2,3,4,5,6") and `BUSINESS_HOURS` ("09:00-18:00"). */
export function parseBusinessHours(days: string, hours: string, timeZone: string): BusinessHours {
  const range = /^([1-7])-([1-7])$/.exec(days.trim());
  const list = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, index) => Number(range[1]) + index) : days.split(',').map((day) => Number(day.trim()));
  const time = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hours.trim());
  if (list.length === 0 || list.some((day) => !Number.isInteger(day) || day < 1 || day > 7) || !time) {
    throw new Error(`Business hours must look like BUSINESS_DAYS=1-5 and BUSINESS_HOURS=09:00-18:00 (got ${days} ${hours})`);
  }
  const opensAt = Number(time[1]) * 60 + Number(time[2]);
  const closesAt = Number(time[3]) * 60 + Number(time[4]);
  if (closesAt <= opensAt || closesAt > 24 * 60) throw new Error(`BUSINESS_HOURS must close after it opens (got ${hours})`);
  return { timeZone, days: list, opensAt, closesAt };
}
