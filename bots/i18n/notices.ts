import type { Locale } from '../../core/customers/index.ts';
import type { Notice } from '../../core/notifications/index.ts';
import type { ChatButton } from '../../core/conversations/index.ts';
import { encodeCallback, type CallbackData } from '../conversation/callback-data.ts';
import { formatDate, formatDateTime, formatMoney, labelOf, t } from './index.ts';
import { localDate, shiftDate } from '../../core/shared/calendar.ts';
import { isStaffNotice, renderStaffNotice } from './staff-notices.ts';
import { orderDetails } from './order-details.ts';
import { plain, type RenderedNotice } from './rendered-notice.ts';
import { renderBookingUpdate } from './booking-notices.ts';
import { renderDriverRoute } from './driver-notices.ts';

export type { RenderedNotice } from './rendered-notice.ts';

/**
 * Renders a notice in the recipient's language. The same text goes to Telegram, the web chat
 * and Slack; only the buttons' presentation differs per adapter.
 */
export function renderNotice(notice: Notice, locale: Locale, timeZone: string): RenderedNotice {
  if (isStaffNotice(notice)) return { text: renderStaffNotice(notice, locale, timeZone), buttons: null };
  const say = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) => t(locale, key, params);
  switch (notice.kind) {
    case 'order_confirmed':
    case 'order_awaiting_approval':
    case 'order_approved':
      return plain([say(`notice.${notice.kind}`, { number: notice.order.number }), orderDetails(notice.order, locale, timeZone)]);
    case 'order_awaiting_buyer_approval':
      return plain([say('notice.order_awaiting_buyer_approval', { number: notice.order.number }), orderDetails(notice.order, locale, timeZone)]);
    case 'buyer_approval_request':
      return {
        text: [say('notice.buyer_approval_request', { buyer: notice.buyerName, number: notice.order.number, total: formatMoney(notice.order.totalMinor, notice.order.currency, locale) }), orderDetails(notice.order, locale, timeZone)].join('\n'),
        buttons: [[
          { label: say('button.buyer_approve'), data: encodeCallback({ a: 'bap', o: notice.order.number }) },
          { label: say('button.buyer_reject'), data: encodeCallback({ a: 'brj', o: notice.order.number }) },
        ]],
      };
    case 'quote_sent':
      return {
        text: [
          say('notice.quote_sent', { number: notice.quoteNumber, date: formatDateTime(notice.validUntil, locale, timeZone) }),
          ...notice.lines.map((line) => say('quote.line', { name: line.name, quantity: line.quantity, price: formatMoney(line.unitPriceMinor, notice.currency, locale), amount: formatMoney(line.lineTotalMinor, notice.currency, locale) })),
          say('order.total', { amount: formatMoney(notice.totalMinor, notice.currency, locale) }),
        ].join('\n'),
        buttons: [[
          { label: say('button.quote_accept'), data: encodeCallback({ a: 'qac', q: notice.quoteNumber }) },
          { label: say('button.quote_decline'), data: encodeCallback({ a: 'qdc', q: notice.quoteNumber }) },
        ]],
      };
    case 'quote_expired':
    case 'quote_declined':
      return plain([say(`notice.${notice.kind}`, { number: notice.quoteNumber })]);
    case 'order_credit_hold':
      return plain([say('notice.order_credit_hold', { number: notice.order.number, reason: labelOf(locale, 'credit_hold', notice.reason) }), orderDetails(notice.order, locale, timeZone)]);
    case 'payment_overdue':
      return plain([say('notice.payment_overdue', { number: notice.orderNumber, amount: formatMoney(notice.amountMinor, notice.currency, locale), date: formatDate(notice.dueAt, locale, timeZone) })]);
    case 'order_rejected':
    case 'order_cancelled':
      return plain([say(`notice.${notice.kind}`, { number: notice.orderNumber }), notice.reason ? say('order.reason', { reason: notice.reason }) : '']);
    case 'order_status_changed':
      return plain([say('notice.order_status_changed', { number: notice.orderNumber, status: labelOf(locale, 'status', notice.status) })]);
    case 'order_shipped':
      return plain([
        say('notice.order_shipped', { number: notice.orderNumber }),
        notice.carrier || notice.trackingNumber ? say('notice.order_shipped.tracking', { carrier: notice.carrier ?? '—', trackingNumber: notice.trackingNumber ?? '—' }) : '',
      ]);
    case 'shipment_update':
      return plain([say('notice.shipment_update', { number: notice.orderNumber, status: labelOf(locale, 'shipment', notice.status), carrier: notice.carrier, trackingNumber: notice.trackingNumber })]);
    case 'order_delivered':
      return plain([say('notice.order_delivered', { number: notice.orderNumber })]);
    case 'booking_update':
      return renderBookingUpdate(notice, locale);
    case 'delivery_approaching':
      return plain([say('notice.delivery_approaching', { number: notice.orderNumber, stops: notice.stopsAway })]);
    case 'driver_route':
      return renderDriverRoute(notice, locale);
    case 'order_ready':
      return plain([say('notice.order_ready', { number: notice.orderNumber })]);
    case 'delivery_failed':
      return {
        text: say('notice.delivery_failed', { number: notice.orderNumber, attempt: notice.attempt, left: notice.maxAttempts - notice.attempt }),
        buttons: [
          ...reattemptDayButtons(notice.orderNumber, notice.failedAt, locale, timeZone),
          [{ label: say('button.new_address'), data: encodeCallback({ a: 'rad', o: notice.orderNumber }) }],
        ],
      };
    case 'parcel_shipped': {
      const params = { number: notice.orderNumber, parcel: notice.parcel, carrier: notice.carrier, tracking: notice.trackingNumber, items: notice.items };
      return plain([notice.parcels === null ? say('notice.parcel_shipped.more', params) : say('notice.parcel_shipped', { ...params, parcels: notice.parcels })]);
    }
    case 'order_lines_changed': {
      const name = locale === 'zh-CN' && notice.nameZh ? notice.nameZh : notice.name;
      if (notice.change === 'backordered') {
        return plain([
          say('notice.order_backordered', { number: notice.orderNumber, quantity: notice.units, name }),
          notice.expectedAt ? say('notice.order_backordered.expected', { date: formatDate(`${notice.expectedAt}T12:00:00Z`, locale, 'UTC') }) : '',
        ]);
      }
      return plain([
        say('notice.order_line_cancelled', { number: notice.orderNumber, quantity: notice.units, name, total: formatMoney(notice.totalMinor, notice.currency, locale) }),
        notice.refundMinor > 0 ? say('notice.order_line_cancelled.refund', { amount: formatMoney(notice.refundMinor, notice.currency, locale) }) : '',
      ]);
    }
    case 'feedback_request':
      return {
        text: say('notice.feedback_request', { number: notice.orderNumber }),
        buttons: ratingButtons((score) => ({ a: 'rate', o: notice.orderNumber, s: score })),
      };
    case 'return_decided':
      return plain([notice.approved
        ? say('notice.return_approved', { rma: notice.rma, number: notice.orderNumber })
        : say('notice.return_rejected', { rma: notice.rma, number: notice.orderNumber, reason: notice.reason ?? '' })]);
    case 'payment_received':
      return plain([notice.dueMinor > 0
        ? say('notice.payment_partial', { number: notice.orderNumber, amount: formatMoney(notice.amountMinor, notice.currency, locale), due: formatMoney(notice.dueMinor, notice.currency, locale) })
        : say('notice.payment_received', { number: notice.orderNumber, amount: formatMoney(notice.amountMinor, notice.currency, locale) })]);
    case 'payment_reminder':
      return plain([say('notice.payment_reminder', { number: notice.orderNumber, amount: formatMoney(notice.amountMinor, notice.currency, locale), url: notice.url, time: formatDateTime(notice.expiresAt, locale, timeZone) })]);
    case 'payment_refunded':
      return plain([say('notice.payment_refunded', { number: notice.orderNumber, amount: formatMoney(notice.amountMinor, notice.currency, locale) })]);
    case 'order_approval_expired':
      return plain([say('notice.order_approval_expired', { number: notice.orderNumber })]);
    case 'order_payment_expired':
      return plain([say('notice.order_payment_expired', { number: notice.orderNumber })]);
    case 'return_refunded':
      return plain([say('notice.return_refunded', { rma: notice.rma, number: notice.orderNumber })]);
    case 'ticket_reply':
      return plain([say('notice.ticket_reply', { ticket: notice.ticketNumber, text: notice.text })]);
    case 'chat_reply':
      return { text: notice.text, buttons: notice.buttons };
    case 'ticket_resolved':
      return {
        text: [say('notice.ticket_resolved', { ticket: notice.ticketNumber, resolution: notice.resolution }), say('notice.ticket_rating', { ticket: notice.ticketNumber })].join('\n'),
        buttons: ratingButtons((score) => ({ a: 'rt', t: notice.ticketNumber, s: score })),
      };
  }
}


/** One row of five star buttons, 1 (poor) to 5 (excellent); `data` names what each score rates. */
/** The next three days after `fromIso` (business time zone), one button each, for a new delivery attempt. */
export function reattemptDayButtons(orderNumber: string, fromIso: string, locale: Locale, timeZone: string): ChatButton[][] {
  const first = localDate(new Date(fromIso), timeZone);
  const days = [1, 2, 3].map((offset) => shiftDate(first, offset));
  return [days.map((day) => ({ label: formatDate(`${day}T12:00:00Z`, locale, 'UTC'), data: encodeCallback({ a: 'rea', o: orderNumber, d: day }) }))];
}

function ratingButtons(data: (score: number) => CallbackData): ChatButton[][] {
  return [[1, 2, 3, 4, 5].map((score) => ({ label: '★'.repeat(score), data: encodeCallback(data(score)) }))];
}
