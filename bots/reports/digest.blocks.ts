import type { DailyReport } from '../../core/analytics/index.ts';
import type { Locale } from '../../core/customers/index.ts';
import { formatMoney, labelOf, t, type MessageKey } from '../i18n/index.ts';

type Block = Record<string, unknown>;

/** "+25%", "−10%", "±0%", or "new" when there was nothing a week earlier. */
export function delta(now: number, before: number, locale: Locale): string {
  if (before === 0) return now === 0 ? '±0%' : t(locale, 'digest.new');
  const change = Math.round(((now - before) / before) * 100);
  return change === 0 ? '±0%' : `${change > 0 ? '+' : '−'}${Math.abs(change)}%`;
}

const percent = (value: number | null, locale: Locale) => (value === null ? t(locale, 'digest.na') : `${Math.round(value * 100)}%`);
const hours = (value: number | null, locale: Locale) => (value === null ? t(locale, 'digest.na') : t(locale, 'digest.hours', { value: Math.round(value * 10) / 10 }));

/** Exception lines first: what someone should act on today. */
export function digestExceptions(report: DailyReport, locale: Locale): string[] {
  const say = (key: MessageKey, params: Record<string, string | number>) => t(locale, key, params);
  return [
    ...(report.stuckOrders.length > 0 ? [say('digest.stuck', { count: report.stuckOrders.length, orders: report.stuckOrders.map((order) => `${order.number} (${order.hours} h)`).join(', ') })] : []),
    ...(report.slaBreaches > 0 ? [say('digest.breaches', { count: report.slaBreaches })] : []),
    ...(report.stockOuts.some((item) => item.openDemand > 0) ? [say('digest.stockouts', { items: report.stockOuts.filter((item) => item.openDemand > 0).map((item) => `${item.sku}@${item.warehouse} (${item.openDemand})`).join(', ') })] : []),
    ...(report.lateOrders > 0 ? [say('digest.late', { count: report.lateOrders })] : []),
    ...(report.creditHolds > 0 ? [say('digest.credit_holds', { count: report.creditHolds })] : []),
    ...(report.overdueOrders > 0 ? [say('digest.overdue', { count: report.overdueOrders, amount: report.overdueReceivables.map((entry) => formatMoney(entry.totalMinor, entry.currency, locale)).join(' + ') })] : []),
    ...(report.backorders.units > 0 ? [say('digest.backorders', { units: report.backorders.units, orders: report.backorders.orders })] : []),
    ...(report.lateProductionOrders > 0 ? [say('digest.production_late', { count: report.lateProductionOrders })] : []),
    ...(report.componentsShort.length > 0 ? [say('digest.components_short', { items: report.componentsShort.map((item) => `${item.sku} ${item.short}`).join(', ') })] : []),
    ...(report.mrpLateBuys > 0 ? [say('digest.mrp_late_buys', { count: report.mrpLateBuys })] : []),
    ...(report.codOutstanding.length > 0 ? [say('digest.cod', { items: report.codOutstanding.map((item) => `${item.carrier} ${formatMoney(item.totalMinor, item.currency, locale)} (${item.orders})`).join(', ') })] : []),
  ];
}

/** The KPI lines with week-over-week changes. */
export function digestFigures(report: DailyReport, locale: Locale): string[] {
  const say = (key: MessageKey, params: Record<string, string | number>) => t(locale, key, params);
  const money = (entries: Array<{ currency: string; totalMinor: number }>) => entries.map((entry) => formatMoney(entry.totalMinor, entry.currency, locale)).join(' + ') || formatMoney(0, 'CNY', locale);
  const revenueNow = report.revenue.reduce((sum, entry) => sum + entry.totalMinor, 0);
  const revenueBefore = report.weekAgo.revenue.reduce((sum, entry) => sum + entry.totalMinor, 0);
  return [
    say('digest.orders', { value: report.orders, delta: delta(report.orders, report.weekAgo.orders, locale) }),
    say('digest.revenue', { value: money(report.revenue), delta: delta(revenueNow, revenueBefore, locale) }),
    say('digest.aov', { value: money(report.averageOrderValue) }),
    say('digest.payments', { paid: money(report.paidRevenue), unpaid: money(report.unpaidRevenue), refunds: money(report.refunds), expired: report.expiredOrders }),
    say('digest.customers', { new: report.newCustomers, returning: report.returningCustomers }),
    say('digest.fulfilment', { p50: hours(report.fulfilmentHours.p50, locale), p90: hours(report.fulfilmentHours.p90, locale) }),
    say('digest.delivery', { p50: hours(report.deliveryHours.p50, locale), p90: hours(report.deliveryHours.p90, locale), onTime: percent(report.onTimeRate, locale) }),
    say('digest.cancellations', { value: percent(report.cancellationRate, locale) }),
    ...(report.bookings > 0 || report.lateCancellations > 0 ? [say('digest.bookings', { count: report.bookings, noShows: report.bookingNoShows, late: report.lateCancellations })] : []),
    ...(report.utilisation.some((row) => row.bookedMinutes > 0) ? [utilisationLine(report, locale)] : []),
    say('digest.service', { open: report.openTickets, csat: percent(report.csat.score, locale), ratings: report.csat.ratings }),
    ...(report.bottleneck ? [say('digest.bottleneck', { stage: labelOf(locale, 'stage', report.bottleneck.stage), hours: report.bottleneck.averageHours })] : []),
    ...(report.topProducts.length > 0 ? [say('digest.top', { items: report.topProducts.map((item) => `${item.sku} ×${item.units}`).join(', ') })] : []),
    ...(report.channelMix.length > 0 ? [say('digest.channels', { items: report.channelMix.map((item) => `${item.channel} ${item.orders}`).join(', ') })] : []),
    ...(report.lowStock.length > 0 ? [say('digest.low_stock', { items: report.lowStock.map((item) => `${item.sku}@${item.warehouse} (${item.available}/${item.reorderPoint})`).join(', ') })] : []),
  ];
}

const section = (body: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: body.slice(0, 3000) } });

/** The digest as plain text (Telegram, fallback) and as Block Kit (Slack), exceptions first. */
export function digestMessage(report: DailyReport, locale: Locale): { text: string; blocks: Block[] } {
  const exceptions = digestExceptions(report, locale);
  const figures = digestFigures(report, locale);
  const title = t(locale, 'digest.title', { date: report.date });
  const attention = exceptions.length > 0 ? exceptions.join('\n') : t(locale, 'digest.nothing');
  const text = [title, '', `${t(locale, 'digest.exceptions')}:`, attention, '', `${t(locale, 'digest.kpis')}:`, ...figures].join('\n');
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title } },
      section(`*${t(locale, 'digest.exceptions')}*\n${attention}`),
      { type: 'divider' },
      section(`*${t(locale, 'digest.kpis')}*\n${figures.map((line) => `• ${line}`).join('\n')}`),
    ],
  };
}

/** "Utilisation: 42% (Chen 80%, Room 1 10%)": booked over working minutes, overall and per resource. */
function utilisationLine(report: DailyReport, locale: Locale): string {
  const share = (booked: number, working: number) => percent(working > 0 ? booked / working : null, locale);
  const booked = report.utilisation.reduce((sum, row) => sum + row.bookedMinutes, 0);
  const working = report.utilisation.reduce((sum, row) => sum + row.workingMinutes, 0);
  const each = report.utilisation.map((row) => `${row.resource} ${share(row.bookedMinutes, row.workingMinutes)}`).join(locale === 'zh-CN' ? '，' : ', ');
  return t(locale, 'digest.utilisation', { overall: share(booked, working), resources: each });
}
