import type { Locale } from '../../core/customers/index.ts';
import type { OrderSummary } from '../../core/notifications/index.ts';
import { formatDate, formatMoney, t } from './index.ts';

/** An order's lines (with their backorders), total and expected delivery, as customers and staff read it. */
export function orderDetails(order: OrderSummary, locale: Locale, timeZone: string): string {
  const lines = order.lines.flatMap((line) => [
    t(locale, 'order.line', { name: locale === 'zh-CN' && line.nameZh ? line.nameZh : line.name, quantity: line.quantity, amount: formatMoney(line.lineTotalMinor, order.currency, locale) }),
    ...(line.backordered > 0 ? [backorderNote(line.backordered, line.expectedAt, locale)] : []),
  ]);
  return [
    ...lines,
    t(locale, 'order.total', { amount: formatMoney(order.totalMinor, order.currency, locale) }),
    order.promisedAt ? t(locale, 'order.expected', { date: formatDate(order.promisedAt, locale, timeZone) }) : '',
  ].filter(Boolean).join('\n');
}

/** Units of a line waiting for stock, with the date the shop expects them when it gave one. */
function backorderNote(quantity: number, expectedAt: string | null, locale: Locale): string {
  return expectedAt
    ? t(locale, 'order.line_backordered', { quantity, date: formatDate(`${expectedAt}T12:00:00Z`, locale, 'UTC') })
    : t(locale, 'order.line_backordered.undated', { quantity });
}
