import { describe, expect, it } from 'vitest';
import { CronExpressionParser } from 'cron-parser';
import { digestSchedule } from '../../jobs/schedules.ts';
import { delta } from '../../bots/reports/digest.blocks.ts';

/** The next `count` runs of the digest schedule after `from`, as local "YYYY-MM-DD HH:mm" in `tz`. */
function nextRuns(from: string, tz: string, count: number): string[] {
  // cron-parser is what BullMQ uses to compute a job scheduler's `pattern` with `tz`.
  const runs = CronExpressionParser.parse(digestSchedule.pattern, { currentDate: new Date(from), tz });
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' });
  return Array.from({ length: count }, () => local.format(runs.next().toDate()));
}

describe('daily digest schedule', () => {
  it('fires at 08:00 local on both sides of the spring change (Berlin, 29 March 2026)', () => {
    expect(nextRuns('2026-03-27T12:00:00Z', 'Europe/Berlin', 4)).toEqual(['2026-03-28 08:00', '2026-03-29 08:00', '2026-03-30 08:00', '2026-03-31 08:00']);
  });

  it('fires at 08:00 local on both sides of the autumn change (New York, 1 November 2026)', () => {
    expect(nextRuns('2026-10-30T18:00:00Z', 'America/New_York', 4)).toEqual(['2026-10-31 08:00', '2026-11-01 08:00', '2026-11-02 08:00', '2026-11-03 08:00']);
  });

  it('is 08:00 in Shanghai, which has no daylight saving', () => {
    expect(nextRuns('2026-11-22T01:00:00Z', 'Asia/Shanghai', 2)).toEqual(['2026-11-23 08:00', '2026-11-24 08:00']);
  });
});

describe('week-over-week change', () => {
  it('is a signed whole percentage, "new" from nothing', () => {
    expect(delta(125, 100, 'en')).toBe('+25%');
    expect(delta(90, 100, 'en')).toBe('−10%');
    expect(delta(100, 100, 'en')).toBe('±0%');
    expect(delta(3, 0, 'en')).toBe('new');
    expect(delta(3, 0, 'zh-CN')).toBe('新增');
    expect(delta(0, 0, 'en')).toBe('±0%');
  });
});
