import { beforeAll, describe, expect, it } from 'vitest';
import { customerActor } from '../../core/shared/actor.ts';
import { CustomerIdentity } from '../../core/customers/index.ts';
import { Notification } from '../../core/notifications/index.ts';
import { ChatMessage } from '../../core/conversations/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';

let office: TestBackOffice;
let sku: string;
let chat = 5000;
/** A chat id no other test uses. */
const newChat = () => String((chat += 1));

beforeAll(async () => {
  // Large chat orders make approvals here: the chat's per-order caps are not what is tested.
  office = await startTestBackOffice({ APPROVAL_THRESHOLD_MINOR: '100000', CHAT_MAX_QUANTITY_PER_LINE: '1000', CHAT_MAX_UNITS_PER_ORDER: '100000' });
  ({ sku } = await productWithStock(office.orm, 10_000, { name: 'Green tea 250 g', nameZh: '绿茶 250 克', priceMinor: 4800 }));
});

const sendsTo = (chatId: string) => office.telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === chatId);
const rowsFor = (recipient: string) => office.orm.em.fork().find(Notification, { recipient }, { orderBy: { id: 'asc' } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('order notifications', () => {
  it('a confirmed order sends one confirmation with number, lines, total and expected delivery, in the customer\'s language', async () => {
    const [en, zh] = [newChat(), newChat()];
    const english = await chatOrder(office.core, { sku, chatId: en, locale: 'en', quantity: 2 });
    const chinese = await chatOrder(office.core, { sku, chatId: zh, locale: 'zh-CN', quantity: 2 });
    await eventually('both confirmations', () => sendsTo(en).length === 1 && sendsTo(zh).length === 1);

    const englishText = office.telegram.messagesTo(en)[0]!;
    expect(englishText).toContain(`Order ${english.order.number} is confirmed`);
    expect(englishText).toContain('• Green tea 250 g × 2: CN¥96.00');
    expect(englishText).toMatch(/Total: CN¥\d+\.\d\d/);
    expect(englishText).toMatch(/Expected delivery: \w+ \d+, 2026|Expected delivery: \d+ \w+ 2026/);
    const chineseText = office.telegram.messagesTo(zh)[0]!;
    expect(chineseText).toContain(`订单 ${chinese.order.number} 已确认`);
    expect(chineseText).toContain('• 绿茶 250 克 × 2：¥96.00');
    expect(chineseText).toContain('预计送达：2026年');

    await settle();
    expect(sendsTo(en)).toHaveLength(1);
    expect((await rowsFor(en)).map((row) => [row.kind, row.status, row.attempts])).toEqual([['order_confirmed', 'sent', 1]]);
  });

  it('a redelivered job sends nothing a second time', async () => {
    const chatId = newChat();
    await chatOrder(office.core, { sku, chatId });
    await eventually('the confirmation', () => sendsTo(chatId).length === 1);
    const [row] = await rowsFor(chatId);
    await eventually('the row settled', async () => (await rowsFor(chatId))[0]!.status === 'sent');

    const jobId = await office.queues.enqueue('notify.send', { notificationId: row!.id }, { jobId: `redelivery-${row!.id}` });
    const queue = office.queues.queues.get('notifications')!;
    await eventually('the redelivered job', async () => (await queue.getJob(jobId!))?.finishedOn !== undefined);
    expect((await queue.getJob(jobId!))!.returnvalue).toEqual({ outcome: 'already_settled' });
    expect(sendsTo(chatId)).toHaveLength(1);
  });

  it('approval, cancellation and delivery each reach the customer; staff get the approval request in Slack', async () => {
    const chatId = newChat();
    const big = await chatOrder(office.core, { sku, chatId, quantity: 30 });
    expect(big.order.status).toBe('pending_approval');
    await eventually('awaiting approval + Slack request', () => sendsTo(chatId).length === 1 && office.slack.postsTo('C_APPROVALS').length === 1);
    expect(office.telegram.messagesTo(chatId)[0]).toContain(`Order ${big.order.number} is received and waits for a quick check`);
    // Staff messages use DEFAULT_LOCALE (zh-CN here).
    expect(String(office.slack.postsTo('C_APPROVALS')[0]!.params.text)).toContain(`订单 ${big.order.number}（客户：Customer ${chatId}，金额 ¥1,440.00）需要审核：金额较高。`);

    const staff = { type: 'staff' as const, id: 'U_MANAGER', role: 'manager' as const };
    await office.core.orders.approveOrder(big.order.number, staff);
    for (const to of ['picking', 'packed', 'shipped', 'delivered'] as const) {
      await office.core.orders.changeStatus({ number: big.order.number, to, actor: { type: 'system' } });
    }
    const small = await chatOrder(office.core, { sku, chatId });
    const customer = await office.core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: `Customer ${chatId}` });
    await office.core.orders.cancelOrder(small.order.number, customerActor(customer.id), 'changed my mind');

    await eventually('six more messages', () => sendsTo(chatId).length === 7, 20_000);
    const texts = office.telegram.messagesTo(chatId);
    expect(texts[1]).toContain(`Order ${big.order.number} is approved`);
    expect(texts[2]).toBe(`Order ${big.order.number}: being picked in the warehouse.`);
    expect(texts[3]).toBe(`Order ${big.order.number}: packed and ready to ship.`);
    expect(texts[4]).toBe(`🚚 Order ${big.order.number} is on its way.`);
    expect(texts[5]).toBe(`📦 Order ${big.order.number} was delivered. Enjoy!`);
    expect(texts[6]).toContain(`Order ${small.order.number} is confirmed`);
    await eventually('the cancellation', () => sendsTo(chatId).length === 8);
    expect(office.telegram.messagesTo(chatId)[7]).toBe(`Order ${small.order.number} is cancelled. Any reserved stock has been released.\nReason: changed my mind`);
  });

  it('a web chat customer gets the notice in their transcript', async () => {
    const visitor = `visitor-${newChat()}`;
    const placed = await chatOrder(office.core, { sku, chatId: visitor, channel: 'webchat', locale: 'zh-CN' });
    await eventually('the transcript entry', async () => (await office.orm.em.fork().count(ChatMessage, { visitorId: visitor })) === 1);
    const [message] = await office.orm.em.fork().find(ChatMessage, { visitorId: visitor });
    expect(message!.direction).toBe('out');
    expect(message!.text).toContain(`订单 ${placed.order.number} 已确认`);
  });
});

describe('platform limits', () => {
  it('a 429 with retry_after pauses sending and resumes; the message arrives once', async () => {
    const chatId = newChat();
    office.telegram.rateLimitNext('sendMessage', 1, 2);
    await chatOrder(office.core, { sku, chatId });
    await eventually('the retried confirmation', () => sendsTo(chatId).length === 2, 10_000);
    const [refused, accepted] = sendsTo(chatId);
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(2000);
    await settle();
    expect(sendsTo(chatId)).toHaveLength(2);
    expect((await rowsFor(chatId)).map((row) => [row.status, row.attempts])).toEqual([['sent', 2]]);
  });

  it('five events for one chat go out in order, about a second apart', async () => {
    const chatId = newChat();
    const numbers: string[] = [];
    const start = Date.now();
    // Different quantities: the same cart again within minutes would be held as a likely duplicate.
    for (let i = 0; i < 5; i += 1) numbers.push((await chatOrder(office.core, { sku, chatId, quantity: i + 1 })).order.number);

    await eventually('five confirmations', () => sendsTo(chatId).length === 5, 15_000);
    const calls = sendsTo(chatId);
    expect(calls.map((call) => /Order (\S+) is confirmed/.exec(String(call.params.text))![1])).toEqual(numbers);
    // Each send waits for its slot, booked 1,020 ms after the previous one (the limiter's test
    // checks the slots exactly), and the first slot is booked after \`start\`: the fifth cannot
    // arrive before four slots have passed, however the machine schedules the sends.
    // (Arrival gaps between two messages carry scheduling jitter, so they are not compared.)
    expect(calls[4]!.at - start).toBeGreaterThanOrEqual(4000);
  });

  it('a user who blocked the bot (403) is marked unreachable after one attempt and not messaged again', async () => {
    const chatId = newChat();
    office.telegram.blockedBy(chatId);
    await chatOrder(office.core, { sku, chatId });
    await eventually('the refused attempt', async () => (await rowsFor(chatId))[0]?.status === 'failed');
    const identity = await office.orm.em.fork().findOneOrFail(CustomerIdentity, { channel: 'telegram', externalId: chatId });
    expect(identity.unreachableAt).toBeInstanceOf(Date);

    await chatOrder(office.core, { sku, chatId });
    await settle();
    expect(sendsTo(chatId)).toHaveLength(1);
    expect(await rowsFor(chatId)).toHaveLength(1);
  });

  it('Slack posts to one channel wait out a 429 and go at most one per second', async () => {
    const before = office.slack.callsTo('chat.postMessage').length;
    const start = Date.now();
    office.slack.rateLimitNext('chat.postMessage', 1, 1);
    const first = await chatOrder(office.core, { sku, chatId: newChat(), quantity: 30 });
    const second = await chatOrder(office.core, { sku, chatId: newChat(), quantity: 30 });
    await eventually('both approval requests', () => office.slack.callsTo('chat.postMessage').length === before + 3, 10_000);
    const [refused, ...posted] = office.slack.callsTo('chat.postMessage').slice(before);
    expect(posted.map((call) => String(call.params.text).slice(3, 21))).toEqual([first.order.number, second.order.number]);
    // The 429 came after \`start\`: the channel then waits a second, and the next post's slot is a
    // second after that one's. Lower bounds from \`start\` hold whatever the scheduling jitter.
    expect(refused!.at).toBeGreaterThanOrEqual(start);
    expect(posted[0]!.at - start).toBeGreaterThanOrEqual(1000);
    expect(posted[1]!.at - start).toBeGreaterThanOrEqual(2000);
  });

  it('another 4xx is not retried', async () => {
    const chatId = newChat();
    office.telegram.when((call) => String(call.params.chat_id) === chatId
      ? { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message is too long' } }
      : undefined);
    await chatOrder(office.core, { sku, chatId });
    await eventually('the refusal recorded', async () => (await rowsFor(chatId))[0]?.status === 'failed');
    await settle();
    expect(sendsTo(chatId)).toHaveLength(1);
    expect((await rowsFor(chatId))[0]!.lastError).toBe('Telegram 400: Bad Request: message is too long');
  });
});
