import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, parseBusinessHours } from '../../core/service/business-time.ts';
import { slaTimes } from '../../core/service/sla.ts';
import { parseConfig } from '../../core/shared/config.ts';
import { followUpPolicy } from '../../core/notifications/follow-ups.ts';

const shanghai = parseBusinessHours('1-5', '09:00-18:00', 'Asia/Shanghai');
const local = (date: Date, timeZone = 'Asia/Shanghai') => new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(date);
// 2026-11-20 is a Friday.
const at = (iso: string) => new Date(iso);

describe('business time', () => {
  it('counts only open hours on business days', () => {
    expect(local(addBusinessMinutes(at('2026-11-20T02:00:00Z'), 60, shanghai))).toBe('2026-11-20 11:00');
    // Friday 17:00 + 4 h: one hour on Friday, three on Monday.
    expect(local(addBusinessMinutes(at('2026-11-20T09:00:00Z'), 240, shanghai))).toBe('2026-11-23 12:00');
    // Saturday night: the clock starts on Monday at 09:00.
    expect(local(addBusinessMinutes(at('2026-11-21T14:00:00Z'), 30, shanghai))).toBe('2026-11-23 09:30');
    // Before opening: from 09:00 the same day.
    expect(local(addBusinessMinutes(at('2026-11-19T23:00:00Z'), 90, shanghai))).toBe('2026-11-20 10:30');
  });

  it('keeps local opening hours across a daylight-saving change (Berlin, 29 March 2026)', () => {
    const berlin = parseBusinessHours('1-5', '09:00-18:00', 'Europe/Berlin');
    // Friday 27 March 17:00 CET + 2 h = Monday 30 March 10:00 CEST.
    expect(local(addBusinessMinutes(at('2026-03-27T16:00:00Z'), 120, berlin), 'Europe/Berlin')).toBe('2026-03-30 10:00');
  });

  it('reads the configuration and refuses nonsense', () => {
    expect(parseBusinessHours('1,2,3,4,5,6', '08:30-20:00', 'UTC')).toEqual({ timeZone: 'UTC', days: [1, 2, 3, 4, 5, 6], opensAt: 510, closesAt: 1200 });
    expect(() => parseBusinessHours('1-5', '18:00-09:00', 'UTC')).toThrow('close after it opens');
    expect(() => parseBusinessHours('0-9', '09:00-18:00', 'UTC')).toThrow('BUSINESS_DAYS');
  });

  it('business hours the configuration lets through but the calendar refuses stop the services being made, not a relay batch later', () => {
    const config = parseConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', BUSINESS_HOURS: '18:00-09:00' });
    expect(() => followUpPolicy(config)).toThrow('close after it opens');
    expect(followUpPolicy(parseConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' })).approvalReminderMinutes).toBe(30);
  });

  it('the SLA warning falls at 80 % and the breach at 100 % of the first-response target, in business time', () => {
    // Normal priority: 240 business minutes. Opened Friday 16:00: 120 minutes on Friday, the rest on
    // Monday; the warning after 192 minutes (Monday 10:12), the breach after 240 (Monday 11:00).
    const times = slaTimes(at('2026-11-20T08:00:00Z'), 'normal', shanghai);
    expect([local(times.warnAt), local(times.dueAt)]).toEqual(['2026-11-23 10:12', '2026-11-23 11:00']);
    // Resolution, normal priority: 1,440 business minutes (2 days and 6 hours of opening time) → Wednesday 13:00.
    expect(local(slaTimes(at('2026-11-20T08:00:00Z'), 'normal', shanghai, 'resolution').dueAt)).toBe('2026-11-25 13:00');
    const urgent = slaTimes(at('2026-11-20T02:00:00Z'), 'urgent', shanghai);
    expect([local(urgent.warnAt), local(urgent.dueAt)]).toEqual(['2026-11-20 10:24', '2026-11-20 10:30']);
  });
});
