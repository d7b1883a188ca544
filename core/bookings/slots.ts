import { localInstant, shiftDate } from '../shared/calendar.ts';

/** What slot search needs of a service: how long, the buffers around it, the grid, how soon and how far ahead. */
export interface SlotRules {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotIntervalMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
}

/** Wall-clock minutes after local midnight: `[start, end)`. */
export interface LocalInterval {
  start: number;
  end: number;
}

/** A resource's week (weekday 0 = Sunday) and its dated exceptions, in its own time zone. */
export interface ResourceCalendar {
  resourceId: number;
  timeZone: string;
  hours: Array<LocalInterval & { weekday: number }>;
  /** `open`: these hours replace the week's on that date; `closed`: time off (all day without times). */
  exceptions: Array<{ date: string; kind: 'open' | 'closed'; start: number | null; end: number | null }>;
}

/** An instant range `[from, to)` a resource is taken (a booking with its buffers). */
export interface BusyRange {
  resourceId: number;
  from: Date;
  to: Date;
}

export interface Slot {
  resourceId: number;
  start: Date;
  end: Date;
  /** The wall clock at the resource: `2026-03-08`, `09:00`. */
  localDate: string;
  localTime: string;
}

const minuteMs = 60_000;
const label = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The working intervals of one local date: the week's, or the date's `open` hours, less its `closed` times. */
export function workingIntervals(calendar: ResourceCalendar, date: string): LocalInterval[] {
  const exceptions = calendar.exceptions.filter((exception) => exception.date === date);
  if (exceptions.some((exception) => exception.kind === 'closed' && exception.start === null)) return [];
  const opened = exceptions.filter((exception) => exception.kind === 'open' && exception.start !== null && exception.end !== null);
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  let intervals: LocalInterval[] = opened.length > 0
    ? opened.map((exception) => ({ start: exception.start!, end: exception.end! }))
    : calendar.hours.filter((hours) => hours.weekday === weekday).map(({ start, end }) => ({ start, end }));
  for (const off of exceptions.filter((exception) => exception.kind === 'closed')) {
    intervals = intervals.flatMap((interval) => [
      ...(off.start! > interval.start ? [{ start: interval.start, end: Math.min(interval.end, off.start!) }] : []),
      ...(off.end! < interval.end ? [{ start: Math.max(interval.start, off.end!), end: interval.end }] : []),
    ]).filter((interval) => interval.end > interval.start);
  }
  return intervals.sort((a, b) => a.start - b.start);
}

/**
 * The date's working intervals, the last one running on past midnight when the next day's work
 * starts at 00:00 (open around the clock, a night shift): a booking may end on the next day.
 * Starts stay on their own date.
 */
function overnight(calendar: ResourceCalendar, date: string): LocalInterval[] {
  const intervals = workingIntervals(calendar, date);
  const last = intervals.at(-1);
  const next = workingIntervals(calendar, shiftDate(date, 1))[0];
  if (!last || last.end !== 1440 || next?.start !== 0) return intervals;
  return [...intervals.slice(0, -1), { start: last.start, end: 1440 + next.end }];
}

/** The range a booking at `start` takes from its resource: the service time with its buffers. */
export function blockedRange(rules: SlotRules, start: Date): { from: Date; to: Date } {
  return {
    from: new Date(start.getTime() - rules.bufferBeforeMinutes * minuteMs),
    to: new Date(start.getTime() + (rules.durationMinutes + rules.bufferAfterMinutes) * minuteMs),
  };
}

/**
 * Free slots of a service, pure: for each resource and each local date from `fromDate` to
 * `toDate`, candidate starts every `slotIntervalMinutes` from each working interval's start whose
 * service time lies inside the interval, turned into instants through the resource's time zone
 * for that very date (a local time skipped by daylight saving is no slot; a repeated one is its
 * first occurrence); a start whose blocked range (buffers included) meets a busy range, that is
 * sooner than the minimum notice or beyond the advance window is dropped. Sorted by start, then
 * resource.
 */
export function availableSlots(rules: SlotRules, calendars: readonly ResourceCalendar[], busy: readonly BusyRange[], now: Date, fromDate: string, toDate: string): Slot[] {
  const earliest = now.getTime() + rules.minNoticeMinutes * minuteMs;
  const latest = now.getTime() + rules.maxAdvanceDays * 24 * 60 * minuteMs;
  const slots: Slot[] = [];
  for (const calendar of calendars) {
    const taken = busy.filter((range) => range.resourceId === calendar.resourceId);
    for (let date = fromDate; date <= toDate; date = shiftDate(date, 1)) {
      for (const interval of overnight(calendar, date)) {
        for (let minutes = interval.start; minutes < 1440 && minutes + rules.durationMinutes <= interval.end; minutes += rules.slotIntervalMinutes) {
          const start = localInstant(date, minutes, calendar.timeZone);
          if (!start || start.getTime() < earliest || start.getTime() > latest) continue;
          const { from, to } = blockedRange(rules, start);
          if (taken.some((range) => range.from < to && from < range.to)) continue;
          slots.push({ resourceId: calendar.resourceId, start, end: new Date(start.getTime() + rules.durationMinutes * minuteMs), localDate: date, localTime: label(minutes) });
        }
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.resourceId - b.resourceId);
}

/** Why a start cannot be booked by the rules alone. */
export type SlotRefusal = 'notice_period' | 'too_far_ahead' | 'outside_hours';

/** Why a start cannot be booked by the rules alone (null: it is on the grid, in hours, in the window). */
export function slotRefusal(rules: SlotRules, calendar: ResourceCalendar, start: Date, now: Date): SlotRefusal | null {
  if (start.getTime() < now.getTime() + rules.minNoticeMinutes * minuteMs) return 'notice_period';
  if (start.getTime() > now.getTime() + rules.maxAdvanceDays * 24 * 60 * minuteMs) return 'too_far_ahead';
  const onGrid = availableSlots({ ...rules, minNoticeMinutes: -1e9, maxAdvanceDays: 1e6 }, [calendar], [], now, shiftDate(start.toISOString().slice(0, 10), -1), shiftDate(start.toISOString().slice(0, 10), 1))
    .some((slot) => slot.start.getTime() === start.getTime());
  return onGrid ? null : 'outside_hours';
}
