import { beforeAll, describe, expect, it } from 'vitest';
import { Feedback, Ticket } from '../../core/service/index.ts';
import { localDate } from '../../core/analytics/index.ts';
import { dailyReport } from '../../core/analytics/daily-report.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';

let office: TestBackOffice;
let app: TestApp;
let sku: string;
let update = 0;

beforeAll(async () => {
  office = await startTestBackOffice({ FEEDBACK_DELAY_MINUTES: '0.02' });
  app = await startTestApp();
  ({ sku } = await productWithStock(app.orm, 100));
});

const press = (chatId: string, data: string) => app.chat.engine.handle({
  channel: 'telegram', chatId, updateKey: `feedback-${(update += 1)}`, input: { kind: 'button', data }, profile: { name: 'Qian', languageCode: 'en' },
});
const say = (chatId: string, text: string) => app.chat.engine.handle({
  channel: 'telegram', chatId, updateKey: `feedback-${(update += 1)}`, input: { kind: 'text', text }, profile: { name: 'Qian', languageCode: 'en' },
});

async function delivered(chatId: string): Promise<string> {
  const { order } = await chatOrder(office.core, { sku, chatId });
  for (const to of ['picking', 'packed', 'shipped', 'delivered'] as const) await office.core.orders.changeStatus({ number: order.number, to, actor: { type: 'system' } });
  return order.number;
}

describe('feedback after delivery', () => {
  it('a delay after delivery the customer gets rating buttons; a 2 opens a high-priority follow-up ticket and the comment joins it', async () => {
    const chatId = '8800001';
    const number = await delivered(chatId);
    await eventually('the rating request', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`How did we do with order ${number}?`)), 15_000);
    const request = office.telegram.callsTo('sendMessage').find((call) => String(call.params.text).startsWith(`How did we do with order ${number}?`))!;
    const buttons = (request.params.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard[0]!;
    expect(buttons.map((button) => button.text)).toEqual(['★', '★★', '★★★', '★★★★', '★★★★★']);
    // The timer run again (rebuilt after Redis lost it) asks nothing a second time.
    expect(await office.core.support.requestOrderFeedback(number)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(office.telegram.messagesTo(chatId).filter((text) => text.startsWith(`How did we do with order ${number}?`))).toHaveLength(1);

    const replies = await press(chatId, buttons[1]!.callback_data);
    const ticket = /ticket (T-\d{6})/.exec(replies![0]!.text)![1]!;
    expect(replies![0]!.text).toBe(`Thank you for rating order ${number} with 2 of 5!\nWe are sorry it was not better. A colleague will contact you (ticket ${ticket}).\nAnything you would like to tell us? Just write it here.`);
    // The poor rating counts in the day's satisfaction figure.
    const report = await app.orm.em.fork().transactional((tx) => dailyReport(tx, localDate(new Date(), 'Asia/Shanghai'), 'Asia/Shanghai'));
    expect(report.csat).toEqual({ ratings: 1, satisfied: 0, score: 0, average: 2 });
    const opened = await app.orm.em.fork().findOneOrFail(Ticket, { number: ticket });
    expect([opened.kind, opened.priority, opened.orderNumber]).toEqual(['complaint', 'high', number]);

    expect((await say(chatId, 'The box was crushed'))![0]!.text).toBe('Thank you, we read every comment.');
    const [feedback] = await app.orm.em.fork().find(Feedback, { orderNumber: number });
    expect([feedback!.score, feedback!.comment, feedback!.followUpTicket]).toEqual([2, 'The box was crushed', ticket]);

    // Rating again replaces the score and opens no second ticket.
    await press(chatId, buttons[4]!.callback_data);
    expect(await app.orm.em.fork().count(Ticket, { orderNumber: number, kind: 'complaint' })).toBe(1);
    expect((await app.orm.em.fork().findOneOrFail(Feedback, { orderNumber: number })).score).toBe(5);
  });

  it('an order already rated gets no request; a stranger cannot rate someone else\'s order', async () => {
    const chatId = '8800002';
    const number = await delivered(chatId);
    await press(chatId, JSON.stringify({ a: 'rate', o: number, s: 4 }));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(office.telegram.messagesTo(chatId).some((text) => text.startsWith('How did we do'))).toBe(false);
    const stranger = await press('8800003', JSON.stringify({ a: 'rate', o: number, s: 1 }));
    expect(stranger![0]!.text).toBe(`I could not find order ${number} among your orders. Please check the number.`);
    expect((await app.orm.em.fork().findOneOrFail(Feedback, { orderNumber: number })).score).toBe(4);
  });
});
