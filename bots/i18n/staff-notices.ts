import type { Locale } from '../../core/customers/index.ts';
import type { Notice, PlanningRow } from '../../core/notifications/index.ts';
import { formatDate, formatMoney, labelOf, t } from './index.ts';
import { orderDetails } from './order-details.ts';

/** Messages to staff (Slack) and suppliers (e-mail): text only; Slack adds its buttons (`bots/slack/blocks.ts`). */
export type StaffNotice = Extract<Notice, { kind: `staff_${string}` | 'supplier_purchase_order' }>;

export function isStaffNotice(notice: Notice): notice is StaffNotice {
  return notice.kind.startsWith('staff_') || notice.kind === 'supplier_purchase_order';
}

const lines = (parts: string[]) => parts.filter(Boolean).join('\n');

/** One planning suggestion as a line: what, how many, where, when to start (late ones marked), from whom. */
export function planningRow(row: PlanningRow, locale: Locale, timeZone: string): string {
  return t(locale, row.action === 'buy' ? 'notice.staff_mrp_summary.buy' : 'notice.staff_mrp_summary.make', {
    late: row.late ? t(locale, 'notice.staff_mrp_summary.late') : '', quantity: row.quantity, sku: row.sku, name: row.name, warehouse: row.warehouse,
    date: formatDate(row.startBy, locale, timeZone), supplier: row.supplier ?? '—',
  });
}

/** A staff or supplier notice's text in `locale`. */
export function renderStaffNotice(notice: StaffNotice, locale: Locale, timeZone: string): string {
  const say = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) => t(locale, key, params);
  switch (notice.kind) {
    case 'staff_approval_requested': {
      const reasons = notice.reasons.map((reason) => labelOf(locale, 'reason', reason));
      return lines([
        say('notice.staff_approval_requested', { number: notice.order.number, customer: notice.customerName, total: formatMoney(notice.order.totalMinor, notice.order.currency, locale), reasons: reasons.join(', ') }),
        notice.history.previousOrders === 0
          ? say('notice.staff_approval_requested.first_order')
          : say('notice.staff_approval_requested.history', { orders: notice.history.previousOrders, cancelled: notice.history.cancelledOrders }),
        orderDetails(notice.order, locale, timeZone),
      ]);
    }
    case 'staff_credit_hold':
      return lines([
        say('notice.staff_credit_hold', {
          number: notice.order.number, account: notice.account, customer: notice.customerName,
          total: formatMoney(notice.order.totalMinor, notice.order.currency, locale), reason: labelOf(locale, 'credit_hold', notice.reason),
        }),
        orderDetails(notice.order, locale, timeZone),
      ]);
    case 'staff_quote_requested':
      return lines([
        say('notice.staff_quote_requested', { buyer: notice.buyerName, account: notice.account, number: notice.quoteNumber, total: formatMoney(notice.totalMinor, notice.currency, locale) }),
        ...notice.lines.map((line) => say('quote.line', { name: line.name, quantity: line.quantity, price: formatMoney(line.unitPriceMinor, notice.currency, locale), amount: formatMoney(line.lineTotalMinor, notice.currency, locale) })),
      ]);
    case 'staff_payment_overdue':
      return say('notice.staff_payment_overdue', { number: notice.orderNumber, customer: notice.customerName, amount: formatMoney(notice.amountMinor, notice.currency, locale), date: formatDate(notice.dueAt, locale, timeZone) });
    case 'staff_approval_reminder':
      return lines([
        say(notice.escalated ? 'notice.staff_approval_escalated' : 'notice.staff_approval_reminder', { number: notice.order.number, customer: notice.customerName, total: formatMoney(notice.order.totalMinor, notice.order.currency, locale), minutes: notice.waitingMinutes }),
        orderDetails(notice.order, locale, timeZone),
      ]);
    case 'staff_ticket_message':
      return lines([say('notice.staff_ticket_message', { customer: notice.customerName, ticket: notice.ticketNumber, text: notice.text })]);
    case 'staff_sla_warning':
      return lines([say(notice.sla === 'resolution' ? 'notice.staff_resolution_warning' : 'notice.staff_sla_warning', { ticket: notice.ticketNumber, priority: notice.priority, customer: notice.customerName, description: notice.description })]);
    case 'staff_sla_breach':
      return lines([say(notice.sla === 'resolution' ? 'notice.staff_resolution_breach' : 'notice.staff_sla_breach', {
        ticket: notice.ticketNumber, priority: notice.priority, customer: notice.customerName, description: notice.description,
        managers: notice.managers.map((manager) => `<@${manager}>`).join(' '),
      })]);
    case 'staff_return_requested':
      return lines([say('notice.staff_return_requested', { rma: notice.rma, number: notice.orderNumber, customer: notice.customerName, items: notice.items, reason: notice.reason })]);
    case 'supplier_purchase_order':
      return lines([
        say('notice.supplier_purchase_order', { number: notice.number }),
        say('notice.supplier_purchase_order.intro', { supplier: notice.supplierName, warehouse: notice.warehouse }),
        notice.expectedAt ? say('notice.supplier_purchase_order.expected', { date: formatDate(notice.expectedAt, locale, timeZone) }) : '',
        ...notice.lines.map((line) => say('notice.supplier_purchase_order.line', line)),
        say('notice.supplier_purchase_order.attached'),
      ]);
    case 'staff_count_opened': {
      const params = { id: notice.countId, warehouse: notice.warehouse, lines: notice.lines, abc: notice.abcClass ?? '' };
      return lines([say(notice.abcClass ? 'notice.staff_count_opened.cycle' : 'notice.staff_count_opened', params)]);
    }
    case 'staff_short_pick':
      return lines([say('notice.staff_short_pick', { list: notice.pickList, warehouse: notice.warehouse, number: notice.orderNumber, sku: notice.sku, name: notice.name, missing: notice.missing, asked: notice.asked })]);
    case 'staff_mrp_summary':
      return lines([
        notice.rows.length === 0 ? say('notice.staff_mrp_summary.none') : say('notice.staff_mrp_summary', { count: notice.buy + notice.make, buy: notice.buy, late: notice.lateBuy, make: notice.make }),
        ...notice.rows.map((row) => planningRow(row, locale, timeZone)),
        notice.more > 0 ? say('notice.staff_mrp_summary.more', { count: notice.more }) : '',
      ]);
    case 'staff_booking_supplies_short':
      return lines([say('notice.staff_booking_supplies_short', { number: notice.bookingNumber, date: formatDate(notice.startAt, locale, timeZone), skus: notice.skus.join(', ') })]);
    case 'staff_fleet_route':
      return lines([say(notice.version > 1 ? 'notice.staff_fleet_route_changed' : 'notice.staff_fleet_route', {
        vehicle: notice.vehicle, driver: notice.driver ?? '—', date: notice.date, stops: notice.stops, km: Math.round(notice.distanceKm * 10) / 10,
        load: Math.round(notice.loadGrams / 100) / 10, capacity: Math.round(notice.capacityGrams / 100) / 10,
      })]);
    case 'staff_booking_pending':
      return lines([say('notice.staff_booking_pending', { number: notice.bookingNumber, date: formatDate(notice.startAt, locale, timeZone) })]);
    case 'staff_production_detached':
      return lines([say('notice.staff_production_detached', { number: notice.orderNumber, mo: notice.productionOrder, sku: notice.sku, good: notice.good, planned: notice.planned })]);
    case 'staff_low_stock':
      return lines([say('notice.staff_low_stock', { sku: notice.sku, name: notice.productName, warehouse: notice.warehouseCode, available: notice.available, point: notice.reorderPoint })]);
    case 'staff_integrity_alert':
      return lines([
        say('notice.staff_integrity_alert', { count: notice.rows.length }),
        ...notice.rows.map((row) => say('notice.staff_integrity_alert.row', { ...row, open: row.openReservations })),
      ]);
    case 'staff_dead_letter':
      return lines([say(notice.what === 'event' ? 'notice.staff_dead_letter.event' : 'notice.staff_dead_letter.notification', { id: notice.id, about: notice.about, error: notice.error })]);
    case 'staff_notification_uncertain':
      return lines([say('notice.staff_notification_uncertain', { id: notice.notificationId, channel: notice.channel, recipient: notice.recipient, about: notice.about })]);
    case 'staff_ticket_opened':
      return lines([
        notice.priority === 'urgent' ? say('notice.staff_ticket_opened.urgent') : '',
        say('notice.staff_ticket_opened', { ticket: notice.ticketNumber, kind: labelOf(locale, 'ticket.kind', notice.ticketKind), customer: notice.customerName, description: notice.description }),
        notice.orderNumber ? say('notice.staff_ticket_opened.order', { number: notice.orderNumber }) : '',
      ]);
  }
}
