import type { Locale } from '../../core/customers/index.ts';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The message `key` in `locale`, with `{param}` placeholders filled in. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

/** True when `key` names a message (for keys built from data, such as `status.<status>`). */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/**
 * The label of a value that comes from data (`status.shipped`, `ticket.kind.delivery`) in `locale`;
 * the value itself when the catalogue has no such key, so a status added later still reads.
 */
export function labelOf(locale: Locale, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(locale, key) : value;
}

/** Every key of every catalogue, for the completeness test. */
export const catalogueKeys: Record<Locale, string[]> = { en: Object.keys(en), 'zh-CN': Object.keys(zhCN) };

// Building an Intl formatter costs far more than using one: keep one per locale and currency or zone.
const moneyFormats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Money from integer minor units, in the locale's currency format (¥1,234.50, CN¥1,234.50). */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const key = `${locale}/${currency}`;
  let cached = moneyFormats.get(key);
  if (!cached) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    cached = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    moneyFormats.set(key, cached);
  }
  return cached.format.format(minor / 10 ** cached.digits);
}

/** A moment in the business time zone (25 Nov 2026, 14:05; 2026年11月25日 14:05). */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  const key = `${locale}/${timeZone}/time`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    dateFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** A calendar date in the business time zone (25 Nov 2026, 2026年11月25日). */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  const key = `${locale}/${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    dateFormats.set(key, format);
  }
  return format.format(new Date(iso));
}
