import { describe, expect, it } from 'vitest';
import { TelegramError } from 'telegraf';
import { webApi } from '@slack/bolt';
import { catalogueKeys, t } from '../../bots/i18n/index.ts';
import { renderNotice } from '../../bots/i18n/notices.ts';
import { catalogueParts } from '../../bots/i18n/en.ts';
import { decodeCallback, encodeCallback } from '../../bots/conversation/callback-data.ts';
import { telegramFailure } from '../../bots/telegram/telegram.notifier.ts';
import { slackFailure } from '../../bots/slack/slack.notifier.ts';
import { DeliveryFailure, noticesForOrderEvent, type Notice, type OrderSummary } from '../../core/notifications/index.ts';
import { orderStatuses } from '../../core/orders/index.ts';

const order: OrderSummary = {
  number: 'SO-20261122-000042',
  lines: [{ sku: 'TEA-GREEN-250', name: 'Green tea 250 g', nameZh: '绿茶 250 克', quantity: 2, lineTotalMinor: 9600, backordered: 0, expectedAt: null }],
  totalMinor: 10_600,
  currency: 'CNY',
  promisedAt: '2026-11-25T04:00:00.000Z',
};

const everyNotice: Notice[] = [
  { kind: 'order_confirmed', order },
  { kind: 'order_awaiting_approval', order },
  { kind: 'order_approved', order },
  { kind: 'order_rejected', orderNumber: order.number, reason: 'address outside delivery area' },
  { kind: 'order_cancelled', orderNumber: order.number, reason: null },
  ...orderStatuses.map((status): Notice => ({ kind: 'order_status_changed', orderNumber: order.number, status })),
  { kind: 'order_shipped', orderNumber: order.number, carrier: 'SF Express', trackingNumber: 'SF1234567890' },
  { kind: 'order_delivered', orderNumber: order.number },
  { kind: 'order_ready', orderNumber: order.number },
  { kind: 'staff_production_detached', orderNumber: order.number, productionOrder: 'MO-20261206-000001', sku: 'GB-01', good: 3, planned: 5 },
  { kind: 'feedback_request', orderNumber: order.number },
  { kind: 'staff_approval_requested', order, customerName: 'Li Lei', reasons: ['high_value', 'large_quantity'], history: { previousOrders: 3, cancelledOrders: 1 } },
  { kind: 'staff_approval_reminder', order, customerName: 'Li Lei', waitingMinutes: 30, escalated: false },
  { kind: 'staff_approval_reminder', order, customerName: 'Li Lei', waitingMinutes: 120, escalated: true },
  { kind: 'staff_ticket_message', ticketNumber: 'T-000007', customerName: 'Li Lei', text: `Any news about ${order.number}?`, threadTs: '1700000000.000100' },
  { kind: 'ticket_reply', ticketNumber: 'T-000007', text: `We re-sent ${order.number} today.` },
  { kind: 'ticket_resolved', ticketNumber: 'T-000007', resolution: `Replacement for ${order.number} delivered.` },
  { kind: 'staff_ticket_opened', ticketNumber: 'T-000007', ticketKind: 'complaint', customerName: 'Li Lei', description: 'Box arrived damaged', orderNumber: order.number },
];

describe('message catalogues', () => {
  it('zh-CN and en have the same keys, and no message is empty', () => {
    expect(catalogueKeys['zh-CN'].sort()).toEqual(catalogueKeys.en.sort());
    for (const key of catalogueKeys.en) {
      expect(t('en', key as never).trim(), key).not.toBe('');
      expect(t('zh-CN', key as never).trim(), key).not.toBe('');
    }
  });

  it('no key is defined in two parts of a catalogue (a later part would silently win)', () => {
    const partKeys = Object.values(catalogueParts).flatMap((part) => Object.keys(part));
    expect(partKeys.length).toBe(new Set(partKeys).size);
    expect(partKeys.length).toBe(catalogueKeys.en.length);
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(t('en', 'order.total', { amount: '¥1.00' })).toBe('Total: ¥1.00');
    expect(t('zh-CN', 'order.total', { amount: '¥1.00' })).toBe('合计：¥1.00');
    expect(t('en', 'order.total')).toBe('Total: {amount}');
  });
});

describe('rendered notices', () => {
  it('every notice renders in both languages with every placeholder filled and the order number shown', () => {
    for (const notice of everyNotice) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const { text } = renderNotice(notice, locale, 'Asia/Shanghai');
        expect(text, `${notice.kind} ${locale}`).not.toMatch(/\{\w+\}/);
        expect(text, `${notice.kind} ${locale}`).toContain(order.number);
      }
    }
  });

  it('a ticket opened urgent (a very upset customer) says so first to staff, in their language', () => {
    const notice: Notice = { kind: 'staff_ticket_opened', ticketNumber: 'T-000008', ticketKind: 'complaint', customerName: 'Li Lei', description: 'WORST shop ever!!!', orderNumber: null, priority: 'urgent' };
    expect(renderNotice(notice, 'en', 'Asia/Shanghai').text.split('\n')[0]).toBe(t('en', 'notice.staff_ticket_opened.urgent'));
    expect(renderNotice(notice, 'zh-CN', 'Asia/Shanghai').text.split('\n')[0]).toBe(t('zh-CN', 'notice.staff_ticket_opened.urgent'));
    expect(renderNotice({ ...notice, priority: 'high' }, 'en', 'Asia/Shanghai').text).not.toContain(t('en', 'notice.staff_ticket_opened.urgent'));
  });

  it('a confirmation lists lines, total and the expected date in the business time zone', () => {
    expect(renderNotice({ kind: 'order_confirmed', order }, 'zh-CN', 'Asia/Shanghai').text).toBe(
      '✅ 订单 SO-20261122-000042 已确认，感谢您的惠顾！\n• 绿茶 250 克 × 2：¥96.00\n合计：¥106.00\n预计送达：2026年11月25日',
    );
    expect(renderNotice({ kind: 'order_confirmed', order }, 'en', 'Asia/Shanghai').text).toBe(
      '✅ Order SO-20261122-000042 is confirmed. Thank you!\n• Green tea 250 g × 2: CN¥96.00\nTotal: CN¥106.00\nExpected delivery: Nov 25, 2026',
    );
  });

  it('shipping shows carrier and tracking number; delivery asks for a rating with five typed buttons', () => {
    expect(renderNotice(everyNotice.find((notice) => notice.kind === 'order_shipped')!, 'zh-CN', 'UTC').text).toContain('承运商：SF Express · 运单号：SF1234567890');
    const request = renderNotice({ kind: 'feedback_request', orderNumber: order.number }, 'en', 'UTC');
    expect(request.buttons![0]!.map((button) => decodeCallback(button.data))).toEqual([1, 2, 3, 4, 5].map((s) => ({ a: 'rate', o: order.number, s })));
    const resolved = renderNotice({ kind: 'ticket_resolved', ticketNumber: 'T-000001', resolution: 'Refunded' }, 'zh-CN', 'UTC');
    expect(resolved.text).toBe('✅ 工单 T-000001 已解决：Refunded\n您对工单 T-000001 的处理满意吗？请点击 1（很差）到 5（很好）评分。');
    expect(decodeCallback(resolved.buttons![0]![0]!.data)).toEqual({ a: 'rt', t: 'T-000001', s: 1 });
  });
});

describe('callback data', () => {
  it('round-trips within Telegram\'s 64 bytes and refuses what is not ours', () => {
    const encoded = encodeCallback({ a: 'rate', o: order.number, s: 5 });
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
    expect(decodeCallback(encoded)).toEqual({ a: 'rate', o: order.number, s: 5 });
    expect(decodeCallback('rate:SO-1:5')).toBeNull();
    expect(decodeCallback('{"a":"rate","o":"SO-1","s":9}')).toBeNull();
    expect(decodeCallback('{"a":"launch"}')).toBeNull();
  });
});

describe('which notices an order event causes', () => {
  const event = (topic: string, payload: Record<string, unknown> = {}) => ({ id: 1, topic, aggregateType: 'order', aggregateId: order.number, payload, createdAt: new Date(0) });
  const snapshot = { summary: order, customerName: 'Li Lei', history: { previousOrders: 0, cancelledOrders: 0 } };
  const kinds = (topic: string, payload?: Record<string, unknown>) => noticesForOrderEvent(event(topic, payload), snapshot).map((n) => `${n.audience}:${n.notice.kind}`);

  it('maps each topic to the customer (and staff for approvals)', () => {
    expect(kinds('order.placed')).toEqual(['customer:order_confirmed']);
    expect(kinds('order.approval_requested', { approvalReasons: ['high_value'] })).toEqual(['customer:order_awaiting_approval', 'approvals:staff_approval_requested']);
    expect(kinds('order.approved')).toEqual(['customer:order_approved']);
    expect(kinds('order.rejected', { reason: 'x' })).toEqual(['customer:order_rejected']);
    expect(kinds('order.cancelled')).toEqual(['customer:order_cancelled']);
    expect(kinds('order.status_changed', { to: 'shipped', carrier: 'SF', trackingNumber: 'T1' })).toEqual(['customer:order_shipped']);
    expect(kinds('order.status_changed', { to: 'delivered' })).toEqual(['customer:order_delivered']);
    expect(kinds('order.status_changed', { to: 'picking' })).toEqual(['customer:order_status_changed']);
    expect(kinds('inventory.low_stock')).toEqual([]);
  });
});

const telegram = (code: number, description: string, retryAfter?: number) =>
  telegramFailure(new TelegramError({ error_code: code, description, ...(retryAfter && { parameters: { retry_after: retryAfter } }) }));

describe('platform errors become delivery outcomes', () => {
  it('Telegram: 429 waits retry_after, 403 and a missing chat are unreachable, other 4xx rejected, 5xx transient', () => {
    expect(telegram(429, 'Too Many Requests: retry after 7', 7)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    expect(telegram(403, 'Forbidden: bot was blocked by the user')).toMatchObject({ kind: 'unreachable' });
    expect(telegram(400, 'Bad Request: chat not found')).toMatchObject({ kind: 'unreachable' });
    expect(telegram(400, 'Bad Request: message is too long')).toMatchObject({ kind: 'rejected' });
    expect(telegram(502, 'Bad Gateway')).toMatchObject({ kind: 'transient' });
    expect(telegramFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ kind: 'transient' });
    const timeout = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(telegramFailure(timeout)).toBe(timeout);
  });

  it('Slack: rate limited waits retryAfter, platform errors are rejected, 5xx transient', () => {
    expect(slackFailure({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 3 })).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000 });
    expect(slackFailure({ code: webApi.ErrorCode.PlatformError, data: { error: 'channel_not_found' } })).toMatchObject({ kind: 'rejected', message: 'Slack refused: channel_not_found' });
    expect(slackFailure({ code: webApi.ErrorCode.HTTPError, statusCode: 503 })).toBeInstanceOf(DeliveryFailure);
    expect(slackFailure({ code: webApi.ErrorCode.HTTPError, statusCode: 503 })).toMatchObject({ kind: 'transient' });
    const unknown = new Error('boom');
    expect(slackFailure(unknown)).toBe(unknown);
  });
});

describe('made to order', () => {
  it('the customer hears once, in their language, that everything is made; ops hear of a production order running on for a cancelled order', () => {
    const event = { id: 1, topic: 'order.ready', aggregateType: 'order', aggregateId: order.number, payload: { orderNumber: order.number, readyAt: '2026-12-06T08:00:00.000Z' }, createdAt: new Date() } as const;
    const notices = noticesForOrderEvent(event as never, { summary: order, customerName: 'Li Lei', history: { previousOrders: 0, cancelledOrders: 0 } });
    expect(notices).toEqual([{ audience: 'customer', notice: { kind: 'order_ready', orderNumber: order.number } }]);
    expect(renderNotice(notices[0]!.notice, 'en', 'Asia/Shanghai').text).toBe(`🏭 Good news: everything in order ${order.number} has been made. It is ready to pack and will ship soon.`);
    expect(renderNotice(notices[0]!.notice, 'zh-CN', 'Asia/Shanghai').text).toBe(`🏭 好消息：订单 ${order.number} 的商品已全部生产完成，即将打包发货。`);
    const detached = noticesForOrderEvent({ ...event, topic: 'production.detached', payload: { productionOrder: 'MO-20261206-000001', sku: 'GB-01', good: 3, planned: 5 } } as never, { summary: order, customerName: 'Li Lei', history: { previousOrders: 0, cancelledOrders: 0 } });
    expect(detached.map((each) => each.audience)).toEqual(['ops']);
  });
});

describe('follow-up timers', () => {
  it('every key is a valid BullMQ job id (a third colon would make the relay retry its batch forever)', async () => {
    const { followUpsOf } = await import('../../core/notifications/follow-ups.ts');
    const at = new Date('2026-12-06T00:00:00Z');
    const event = (topic: string, payload: Record<string, unknown>) => ({ id: 7, topic, aggregateType: 'x', aggregateId: 'BK-000001', payload, createdAt: at });
    const policy = { approvalReminderMinutes: 30, approvalEscalationMinutes: 60, approvalTimeoutMinutes: 120, feedbackDelayMinutes: 60, businessHours: {} as never };
    const followUps = await followUpsOf({} as never, [
      event('booking.confirmed', { version: 3, startAt: '2026-12-09T02:00:00Z' }), event('quote.sent', { version: 2, validUntil: '2026-12-20T00:00:00Z' }),
      event('order.approval_requested', { approvalReasons: [] }), event('order.status_changed', { to: 'delivered' }),
    ] as never, policy);
    expect(followUps.map((followUp) => followUp.kind).sort()).toEqual(['approval_reminder', 'approval_reminder', 'approval_reminder', 'booking_reminder', 'booking_reminder', 'feedback_request', 'quote_expiry']);
    for (const followUp of followUps) {
      expect(followUp.key.split(':').length, followUp.key).toBeLessThanOrEqual(3);
      expect(`${Number.parseInt(followUp.key, 10)}`).not.toBe(followUp.key);
    }
  });

  it('booking notices read in both languages with the time at the resource; a confirmation names its order and price, a reminder carries buttons of its version', () => {
    for (const change of ['confirmed', 'rescheduled', 'cancelled', 'reminder'] as const) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const priced = change === 'confirmed' ? { number: 'SO-20261206-000007', totalMinor: 28_800, currency: 'CNY' } : null;
        const { text, buttons } = renderNotice({
          kind: 'booking_update', change, bookingNumber: 'BK-000001', version: 3, service: 'Haircut', serviceZh: '理发', resource: 'Chen', startAt: '2026-12-09T02:00:00.000Z', timeZone: 'Asia/Shanghai', order: priced,
        }, locale, 'UTC');
        expect(text, `${change} ${locale}`).not.toMatch(/\{\w+\}/);
        expect(text).toContain(locale === 'en' ? 'Haircut' : '理发');
        expect(text).toContain("10:00");
        expect(/SO-20261206-000007.*288/.test(text), `${change} ${locale}`).toBe(change === 'confirmed');
        const data = (buttons ?? []).flat().map((button) => decodeCallback(button.data));
        expect(data, `${change} ${locale}`).toEqual(change === 'reminder' ? ['bka', 'bkm', 'bkx'].map((a) => ({ a, b: 'BK-000001', v: 3 })) : []);
      }
    }
  });
});
