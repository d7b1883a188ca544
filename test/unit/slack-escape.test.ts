import { describe, expect, it } from 'vitest';
import type { Notice, OrderSummary } from '../../core/notifications/index.ts';
import { staffMessage } from '../../bots/slack/blocks.ts';
import { escapeMrkdwn } from '../../bots/slack/escape.ts';

/** What a customer, an API client or a careless colleague might type. */
const hostile = '<!channel> <https://evil.example|Reset password> & <@U0EVIL>';
const safe = escapeMrkdwn(hostile);

const order: OrderSummary = {
  number: 'SO-20261206-000001', totalMinor: 12_300, currency: 'CNY', promisedAt: '2026-12-08T00:00:00.000Z',
  lines: [{ sku: 'TEA-1', name: hostile, nameZh: hostile, quantity: 2, lineTotalMinor: 12_300, backordered: 1, expectedAt: '2026-12-20' }],
};

type StaffKind = Extract<Notice['kind'], `staff_${string}`>;

/** One notice of every staff kind, every free-text field hostile (a kind added later must be added here: the type says so). */
const samples: { [K in StaffKind]: Extract<Notice, { kind: K }> } = {
  staff_approval_requested: { kind: 'staff_approval_requested', order, customerName: hostile, reasons: ['high_value', hostile], history: { previousOrders: 1, cancelledOrders: 0 } },
  staff_approval_reminder: { kind: 'staff_approval_reminder', order, customerName: hostile, waitingMinutes: 31, escalated: true },
  staff_ticket_opened: { kind: 'staff_ticket_opened', ticketNumber: 'T-000001', ticketKind: 'complaint', customerName: hostile, description: hostile, orderNumber: 'SO-20261206-000001' },
  staff_ticket_message: { kind: 'staff_ticket_message', ticketNumber: 'T-000001', customerName: hostile, text: hostile, threadTs: null },
  staff_sla_warning: { kind: 'staff_sla_warning', ticketNumber: 'T-000001', customerName: hostile, priority: 'high', description: hostile },
  staff_sla_breach: { kind: 'staff_sla_breach', ticketNumber: 'T-000001', customerName: hostile, priority: 'high', description: hostile, managers: ['U0BOSS'] },
  staff_return_requested: { kind: 'staff_return_requested', rma: 'RMA-000001', orderNumber: 'SO-20261206-000001', customerName: hostile, reason: hostile, items: hostile },
  staff_short_pick: { kind: 'staff_short_pick', pickList: 'PL-000001', orderNumber: 'SO-20261206-000001', warehouse: 'MAIN', sku: 'TEA-1', name: hostile, asked: 3, missing: 1 },
  staff_mrp_summary: { kind: 'staff_mrp_summary', runId: 1, buy: 1, lateBuy: 1, make: 0, more: 0, rows: [{ id: 1, action: 'buy', sku: 'TEA-1', name: hostile, quantity: 5, warehouse: 'MAIN', startBy: '2026-12-06T00:00:00.000Z', late: true, supplier: hostile }] },
  staff_booking_supplies_short: { kind: 'staff_booking_supplies_short', bookingNumber: 'BK-000001', startAt: '2026-12-06T02:00:00.000Z', skus: [hostile] },
  staff_booking_pending: { kind: 'staff_booking_pending', bookingNumber: 'BK-000001', startAt: '2026-12-06T02:00:00.000Z' },
  staff_fleet_route: { kind: 'staff_fleet_route', date: '2026-12-06', vehicle: 'VAN1', driver: hostile, version: 2, stops: 3, distanceKm: 12.34, loadGrams: 2000, capacityGrams: 2500 },
  staff_production_detached: { kind: 'staff_production_detached', orderNumber: 'SO-20261206-000001', productionOrder: 'MO-20261206-000001', sku: hostile, good: 3, planned: 5 },
  staff_credit_hold: { kind: 'staff_credit_hold', order, customerName: hostile, account: hostile, reason: 'credit_limit' },
  staff_payment_overdue: { kind: 'staff_payment_overdue', orderNumber: 'SO-20261206-000001', customerName: hostile, amountMinor: 100, currency: 'CNY', dueAt: '2026-03-02T15:59:59.999Z' },
  staff_quote_requested: { kind: 'staff_quote_requested', quoteNumber: 'Q-000001', account: hostile, buyerName: hostile, totalMinor: 100, currency: 'CNY', lines: [{ sku: 'TEA-1', name: hostile, quantity: 1, unitPriceMinor: 100, lineTotalMinor: 100 }] },
  staff_count_opened: { kind: 'staff_count_opened', countId: 3, warehouse: 'MAIN', abcClass: 'A', lines: 4 },
  staff_low_stock: { kind: 'staff_low_stock', warehouseId: 1, warehouseCode: 'MAIN', productId: 1, sku: 'TEA-1', productName: hostile, available: 2, reorderPoint: 5 },
  staff_integrity_alert: { kind: 'staff_integrity_alert', rows: [{ warehouse: 'MAIN', sku: 'TEA-1', onHand: 1, reserved: 0, ledgerOnHand: 2, ledgerReserved: 0, openReservations: 0 }] },
  staff_dead_letter: { kind: 'staff_dead_letter', what: 'event', id: 7, about: hostile, error: hostile },
  staff_notification_uncertain: { kind: 'staff_notification_uncertain', notificationId: 7, channel: 'telegram', recipient: hostile, about: hostile },
};

describe('text anyone typed reaches Slack escaped', () => {
  for (const [kind, notice] of Object.entries(samples)) {
    for (const locale of ['en', 'zh-CN'] as const) {
      it(`${kind} (${locale}): no mention, link or entity of the hostile text survives; it reads as typed`, () => {
        const { text, blocks } = staffMessage(notice, locale, 'Asia/Shanghai');
        const shown = JSON.stringify({ text, blocks });
        expect(shown).not.toContain('<!channel>');
        expect(shown).not.toContain('<https://evil');
        expect(shown).not.toContain('<@U0EVIL>');
        // Shown as typed (escaped), wherever the notice carries it.
        expect(text.includes(safe) || !JSON.stringify(notice).includes(hostile)).toBe(true);
      });
    }
  }

  it('Slack mentions the app itself builds still work (managers on an SLA breach)', () => {
    expect(staffMessage(samples.staff_sla_breach, 'en', 'Asia/Shanghai').text).toContain('<@U0BOSS>');
  });

  it('escapes &, < and > only', () => {
    expect(escapeMrkdwn('a & b < c > d *bold* _it_ `code`')).toBe('a &amp; b &lt; c &gt; d *bold* _it_ `code`');
  });
});
