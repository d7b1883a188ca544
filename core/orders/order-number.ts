import { localDate } from '../shared/calendar.ts';

/**
 * Human-friendly order number: `SO-<business date>-<sequence>`, e.g. `SO-20261122-000123`.
 * The sequence is a Postgres SEQUENCE: unique under any concurrency and never reused (a rolled-back
 * order leaves a gap). Numbers sort by time: the date first, then an ever-growing sequence.
 */
export function formatOrderNumber(sequence: number, at: Date, timeZone: string): string {
  return `${orderNumberPrefix(at, timeZone)}${String(sequence).padStart(6, '0')}`;
}

/** `SO-<business date>-`: what comes before the sequence (intake appends it in the database). */
export function orderNumberPrefix(at: Date, timeZone: string): string {
  return `SO-${localDate(at, timeZone).replaceAll('-', '')}-`;
}

export const orderNumberPattern = /^SO-\d{8}-\d{6,}$/;
