import type { Locale } from '../../core/customers/index.ts';
import type { Notice } from '../../core/notifications/index.ts';
import { encodeCallback } from '../conversation/callback-data.ts';
import { formatMoney, t, type MessageKey } from './index.ts';
import type { RenderedNotice } from './rendered-notice.ts';

/** A driver's route: one paragraph per stop (cash to collect, a map link), buttons for the stops still to do. */
export function renderDriverRoute(notice: Extract<Notice, { kind: 'driver_route' }>, locale: Locale): RenderedNotice {
  const say = (key: MessageKey, params: Record<string, string | number> = {}) => t(locale, key, params);
  const stops = notice.stops.map((stop) => [
    say(stop.status === 'pending' || stop.status === 'arrived' ? 'notice.driver_stop' : `notice.driver_stop_${stop.status}`, {
      n: stop.sequence, number: stop.orderNumber, customer: stop.customer, phone: stop.phone ?? '—', address: stop.address, items: stop.items || '—',
    }),
    stop.codMinor !== null && stop.status !== 'delivered' ? say('notice.driver_stop_cod', { amount: formatMoney(stop.codMinor, stop.currency, locale) }) : '',
    stop.latitude !== null && stop.longitude !== null && stop.status !== 'delivered' ? `https://maps.google.com/?q=${stop.latitude},${stop.longitude}` : '',
  ].filter(Boolean).join('\n'));
  const open = notice.stops.filter((stop) => stop.status === 'pending' || stop.status === 'arrived');
  return {
    text: [say('notice.driver_route', { vehicle: notice.vehicle, date: notice.date, count: notice.stops.length, km: Math.round(notice.distanceKm * 10) / 10 }), ...stops].join('\n\n'),
    buttons: open.map((stop) => [
      ...(stop.status === 'pending' ? [{ label: say('button.driver_arrived', { n: stop.sequence }), data: encodeCallback({ a: 'dv', s: stop.id, k: 'a' }) }] : []),
      { label: say('button.driver_delivered', { n: stop.sequence }), data: encodeCallback({ a: 'dv', s: stop.id, k: 'd' }) },
      { label: say('button.driver_failed', { n: stop.sequence }), data: encodeCallback({ a: 'dvf', s: stop.id }) },
    ]),
  };
}
