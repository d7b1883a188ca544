import type { Locale } from '../../core/customers/index.ts';
import type { Notice } from '../../core/notifications/index.ts';
import { encodeCallback } from '../conversation/callback-data.ts';
import { formatDateTime, formatMoney, t, type MessageKey } from './index.ts';
import { plain, type RenderedNotice } from './rendered-notice.ts';

/**
 * A booking confirmed (with its order and price), moved, cancelled, or reminded of. A reminder
 * carries buttons of this version of the booking: once it is moved or cancelled they are refused
 * as stale.
 */
export function renderBookingUpdate(notice: Extract<Notice, { kind: 'booking_update' }>, locale: Locale): RenderedNotice {
  const say = (key: MessageKey, params: Record<string, string | number> = {}) => t(locale, key, params);
  const text = [say(`notice.booking_${notice.change}`, {
    number: notice.bookingNumber, service: locale === 'zh-CN' ? (notice.serviceZh ?? notice.service) : notice.service, resource: notice.resource,
    when: formatDateTime(notice.startAt, locale, notice.timeZone),
  }), notice.order ? say('notice.booking_order', { order: notice.order.number, price: formatMoney(notice.order.totalMinor, notice.order.currency, locale) }) : ''];
  if (notice.change !== 'reminder') return plain(text);
  const booking = { b: notice.bookingNumber, v: notice.version };
  return {
    text: text.filter(Boolean).join('\n'),
    buttons: [[
      { label: say('button.booking_attend'), data: encodeCallback({ a: 'bka', ...booking }) },
      { label: say('button.booking_move'), data: encodeCallback({ a: 'bkm', ...booking }) },
      { label: say('button.booking_cancel'), data: encodeCallback({ a: 'bkx', ...booking }) },
    ]],
  };
}
