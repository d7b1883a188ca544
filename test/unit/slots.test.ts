import { describe, expect, it } from 'vitest';
import { availableSlots, slotRefusal, workingIntervals, type ResourceCalendar, type SlotRules } from '../../core/bookings/slots.ts';
import { localInstant } from '../../core/shared/calendar.ts';

const ny = 'America/New_York';
const rules: SlotRules = { durationMinutes: 45, bufferBeforeMinutes: 0, bufferAfterMinutes: 15, slotIntervalMinutes: 15, minNoticeMinutes: 0, maxAdvanceDays: 400 };
const everyDay = (start: number, end: number) => Array.from({ length: 7 }, (_unused, weekday) => ({ weekday, start: start * 60, end: end * 60 }));
const staff: ResourceCalendar = { resourceId: 1, timeZone: ny, hours: [...everyDay(9, 12), ...everyDay(13, 18)], exceptions: [] };
const now = new Date('2026-01-01T00:00:00Z');
const labels = (date: string, busy: Array<{ from: string; to: string }> = []) => availableSlots(rules, [staff], busy.map((range) => ({
  resourceId: 1, from: localInstant(date, toMinutes(range.from), ny)!, to: localInstant(date, toMinutes(range.to), ny)!,
})), now, date, date);
const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

describe('slot search (pure)', () => {
  it('respects working hours, the lunch break and buffers around an existing booking', () => {
    // An existing 10:00–10:45 booking blocks 10:00–11:00 with its 15 minutes after.
    const slots = labels('2026-06-10', [{ from: '10:00', to: '11:00' }]).map((slot) => slot.localTime);
    expect(slots.slice(0, 4)).toEqual(['09:00', '11:00', '11:15', '13:00']);
    expect(slots.filter((time) => time > '09:00' && time < '11:00')).toEqual([]);
    expect(slots.filter((time) => time > '11:15' && time < '13:00')).toEqual([]);
    expect(slots.at(-1)).toBe('17:15');
  });

  it('on the days daylight saving starts and ends, the local labels stay and the instants move by the hour, afternoons included', () => {
    for (const [before, change] of [['2026-03-07', '2026-03-08'], ['2026-10-31', '2026-11-01']] as const) {
      const a = labels(before);
      const b = labels(change);
      expect(b.map((slot) => slot.localTime)).toEqual(a.map((slot) => slot.localTime));
      const shift = b.map((slot, index) => (slot.start.getTime() - a[index]!.start.getTime()) / 3_600_000 - 24);
      expect(new Set(shift)).toEqual(new Set([before === '2026-03-07' ? -1 : 1]));
    }
    // 09:00 in New York: 14:00 UTC in winter, 13:00 UTC in summer; 17:15 too.
    expect(labels('2026-03-07')[0]!.start.toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(labels('2026-03-08')[0]!.start.toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(labels('2026-11-01').at(-1)!.start.toISOString()).toBe('2026-11-01T22:15:00.000Z');
    expect(labels('2026-10-31').at(-1)!.start.toISOString()).toBe('2026-10-31T21:15:00.000Z');
  });

  it('never offers a slot inside the minimum notice or beyond the advance window, and says why a start is refused', () => {
    const strict = { ...rules, minNoticeMinutes: 120, maxAdvanceDays: 30 };
    const at = localInstant('2026-06-10', 9 * 60, ny)!;
    const slots = availableSlots(strict, [staff], [], at, '2026-06-10', '2026-07-20');
    expect(slots[0]!.localTime).toBe('11:00');
    expect(slots.at(-1)!.start.getTime()).toBeLessThanOrEqual(at.getTime() + 30 * 86_400_000);
    expect(slotRefusal(strict, staff, localInstant('2026-06-10', 10 * 60, ny)!, at)).toBe('notice_period');
    expect(slotRefusal(strict, staff, localInstant('2026-07-20', 10 * 60, ny)!, at)).toBe('too_far_ahead');
    expect(slotRefusal(strict, staff, localInstant('2026-06-11', 12 * 60 + 30, ny)!, at)).toBe('outside_hours');
    expect(slotRefusal(strict, staff, localInstant('2026-06-11', 10 * 60 + 5, ny)!, at)).toBe('outside_hours');
    expect(slotRefusal(strict, staff, localInstant('2026-06-11', 10 * 60 + 15, ny)!, at)).toBeNull();
  });

  it('time off takes hours away; a day off and special hours replace the week', () => {
    const calendar: ResourceCalendar = { ...staff, exceptions: [
      { date: '2026-06-10', kind: 'closed', start: 10 * 60, end: 11 * 60 + 30 }, { date: '2026-06-11', kind: 'closed', start: null, end: null },
      { date: '2026-06-12', kind: 'open', start: 8 * 60, end: 10 * 60 },
    ] };
    expect(workingIntervals(calendar, '2026-06-10')).toEqual([{ start: 540, end: 600 }, { start: 690, end: 720 }, { start: 780, end: 1080 }]);
    expect(workingIntervals(calendar, '2026-06-11')).toEqual([]);
    expect(workingIntervals(calendar, '2026-06-12')).toEqual([{ start: 480, end: 600 }]);
  });

  it('a resource open around the clock (or on a night shift into 00:00) takes a booking across midnight; one closing at midnight does not', () => {
    const around: ResourceCalendar = { resourceId: 2, timeZone: 'Asia/Shanghai', hours: everyDay(0, 24), exceptions: [] };
    const evenings: ResourceCalendar = { resourceId: 3, timeZone: 'Asia/Shanghai', hours: everyDay(20, 24), exceptions: [] };
    const late = (calendar: ResourceCalendar) => availableSlots(rules, [calendar], [], now, '2026-06-10', '2026-06-10').map((slot) => slot.localTime).filter((time) => time >= '23:00');
    // 45 minutes plus 15 after: the last start of the evening shift is 23:15; around the clock, 23:45 runs into the next day.
    expect(late(around)).toEqual(['23:00', '23:15', '23:30', '23:45']);
    expect(late(evenings)).toEqual(['23:00', '23:15']);
    const start = localInstant('2026-06-10', 23 * 60 + 45, 'Asia/Shanghai')!;
    expect([slotRefusal(rules, around, start, now), slotRefusal(rules, evenings, start, now)]).toEqual([null, 'outside_hours']);
  });
});
