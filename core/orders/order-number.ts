const formats = new Map<string, Intl.DateTimeFormat>();

/** Building a DateTimeFormat is costly; one per time zone is kept (it is immutable). */
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * Human-friendly order number: `SO-<business date>-<sequence>`, e.g. `SO-20261122-000123`.
 * The sequence is a Postgres SEQUENCE: unique under any concurrency and never reused (a rolled-back
 * order leaves a gap). Numbers sort by time: the date first, then an ever-growing sequence.
 */
export function formatOrderNumber(sequence: number, at: Date, timeZone: string): string {
  const parts = dateFormat(timeZone).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `SO-${part('year')}${part('month')}${part('day')}-${String(sequence).padStart(6, '0')}`;
}

export const orderNumberPattern = /^SO-\d{8}-\d{6,}$/;
