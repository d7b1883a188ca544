import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { systemActor } from '../../core/shared/actor.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { stockOf } from '../support/inspect.ts';
import { SlackRequests } from '../support/slack-signer.ts';

let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let auth: Record<string, string>;
let update = 0;
const finance = { type: 'staff' as const, id: 'U0FIN', role: 'finance' as const };

beforeAll(async () => {
  office = await startTestBackOffice({ DEFAULT_LOCALE: 'en' });
  app = await startTestApp({ env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'returns-secret', SLACK_API_URL: office.config.SLACK_API_URL, DEFAULT_LOCALE: 'en' } });
  slack = new SlackRequests(`${app.url}/slack/events`, 'returns-secret');
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await app.core.staff.addStaff({ slackUserId: 'U0RET', name: 'Ma Lin', role: 'manager' }, systemActor);
});

const say = (chatId: string, text: string) => app.chat.engine.handle({ channel: 'telegram', chatId, updateKey: `returns-${(update += 1)}`, input: { kind: 'text', text }, profile: { name: 'Sun', languageCode: 'en' } });

async function deliveredOrder(chatId: string, quantity: number): Promise<{ number: string; sku: string }> {
  const { sku } = await productWithStock(app.orm, 10);
  const { order } = await chatOrder(office.core, { sku, chatId, quantity });
  for (const to of ['picking', 'packed', 'shipped', 'delivered'] as const) await office.core.orders.changeStatus({ number: order.number, to, actor: { type: 'system' } });
  return { number: order.number, sku };
}

describe('returns', () => {
  it('from the chat request to restock: RMA number, approval in Slack, receipt restocks through the ledger, refund recorded', async () => {
    const chatId = '7700001';
    const { number, sku } = await deliveredOrder(chatId, 3);
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 7, reserved: 0, ledgerOnHand: 7, ledgerReserved: 0 });
    // The courier collected the cash and handed it over.
    const { totalMinor } = await office.core.payments.paymentsOf(number, finance);
    await office.core.payments.recordPayment(number, { amountMinor: totalMinor, method: 'cash_on_delivery' }, finance);

    const reply = await say(chatId, `/return ${number} the colour is wrong`);
    const rma = /Return (RMA-\d{6}) is requested/.exec(reply![0]!.text)![1]!;
    expect((await app.orm.em.fork().findOneOrFail(Order, { number })).status).toBe('return_requested');
    await eventually('the request in Slack', () => office.slack.posted.some((post) => post.channel === 'C_SUPPORT' && post.text.startsWith(`↩️ Return ${rma} for order ${number}`)));
    const post = office.slack.posted.find((each) => each.channel === 'C_SUPPORT' && each.text.startsWith(`↩️ Return ${rma}`))!;
    expect(post.text).toContain('Reason: the colour is wrong');

    await slack.click('U0RET', 'return_approve', rma, { channel: post.channel, ts: post.ts, blocks: post.blocks });
    await eventually('approved', async () => (await request(`${app.url}/api/v1/returns/${rma}`, { headers: auth })).body.status === 'approved');
    await eventually('the customer told', () => office.telegram.messagesTo(chatId).some((text) => text.includes(`Your return ${rma} for order ${number} is approved`)));

    const received = await request(`${app.url}/api/v1/returns/${rma}/receive`, { body: { resolution: 'restock' }, headers: auth });
    expect(received.body).toMatchObject({ status: 'received', resolution: 'restock', refundStatus: 'pending', lines: [{ sku, quantity: 3 }] });
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 10, reserved: 0, ledgerOnHand: 10, ledgerReserved: 0 });
    expect((await app.orm.em.fork().findOneOrFail(Order, { number })).status).toBe('returned');
    expect((await request(`${app.url}/api/v1/returns/${rma}/receive`, { body: { resolution: 'restock' }, headers: auth })).status).toBe(409);

    expect((await request(`${app.url}/api/v1/returns/${rma}/refund`, { method: 'POST', headers: auth })).body.refundStatus).toBe('refunded');
    expect((await app.orm.em.fork().findOneOrFail(Order, { number })).paymentStatus).toBe('refunded');
    await eventually('the refund notice', () => office.telegram.messagesTo(chatId).some((text) => text.includes(`The refund for return ${rma}`)));
  });

  it('the whole return from its Slack card: Approve, then Received: restock, then Refund (finance only)', async () => {
    await app.core.staff.addStaff({ slackUserId: 'U0FINANCE', name: 'Qian Fen', role: 'finance' }, systemActor);
    const chatId = '7700010';
    const { number, sku } = await deliveredOrder(chatId, 2);
    const { totalMinor } = await office.core.payments.paymentsOf(number, finance);
    await office.core.payments.recordPayment(number, { amountMinor: totalMinor, method: 'cash_on_delivery' }, finance);
    const rma = /Return (RMA-\d{6}) is requested/.exec((await say(chatId, `/return ${number} too small`))![0]!.text)![1]!;
    await eventually('the request in Slack', () => office.slack.posted.some((post) => post.channel === 'C_SUPPORT' && post.text.startsWith(`↩️ Return ${rma}`)));
    const post = office.slack.posted.find((each) => each.channel === 'C_SUPPORT' && each.text.startsWith(`↩️ Return ${rma}`))!;
    const card = { channel: post.channel, ts: post.ts, blocks: post.blocks };
    const edited = (text: string) => office.slack.callsTo('chat.update').find((call) => call.params.ts === post.ts && call.params.text === text);

    await slack.click('U0RET', 'return_approve', rma, card);
    await eventually('approved', () => edited('✅ Return approved by Ma Lin') !== undefined);
    const afterApproval = { ...card, blocks: edited('✅ Return approved by Ma Lin')!.params.blocks };
    expect(JSON.stringify(afterApproval.blocks)).toMatch(/return_restock.*return_write_off/);
    await slack.click('U0RET', 'return_restock', rma, afterApproval);
    await eventually('restocked', () => edited('📦 Received and restocked by Ma Lin') !== undefined);
    expect(await stockOf(app.orm, sku)).toMatchObject({ onHand: 10, ledgerOnHand: 10 });
    const afterReceipt = { ...card, blocks: edited('📦 Received and restocked by Ma Lin')!.params.blocks };
    await slack.click('U0RET', 'return_refund', rma, afterReceipt);
    await eventually('a manager refused the refund', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0RET' && call.params.text === 'Sorry, your role (manager) cannot do this.'));
    await slack.click('U0FINANCE', 'return_refund', rma, afterReceipt);
    await eventually('refunded', () => edited('💰 Refund recorded by Qian Fen') !== undefined);
    expect((await app.orm.em.fork().findOneOrFail(Order, { number })).paymentStatus).toBe('refunded');
  });

  it('a write-off leaves stock alone; outside the window, before delivery or for another customer the request is refused politely', async () => {
    const chatId = '7700002';
    const { number, sku } = await deliveredOrder(chatId, 1);
    const rma = /(RMA-\d{6})/.exec((await say(chatId, `I want to return ${number}`))![0]!.text)![1]!;
    await request(`${app.url}/api/v1/returns/${rma}`, { headers: auth });
    await app.core.support.decideReturn(rma, true, { type: 'staff', id: 'U0RET', role: 'manager' });
    await request(`${app.url}/api/v1/returns/${rma}/receive`, { body: { resolution: 'write_off' }, headers: auth });
    expect(await stockOf(app.orm, sku)).toEqual({ onHand: 9, reserved: 0, ledgerOnHand: 9, ledgerReserved: 0 });
    // Nothing was ever paid for this order: there is no refund to record (it used to say "refunded").
    const refund = await request(`${app.url}/api/v1/returns/${rma}/refund`, { method: 'POST', headers: auth });
    expect([refund.status, refund.body.error.code]).toEqual([422, 'rule_violation']);
    expect((await app.orm.em.fork().findOneOrFail(Order, { number })).paymentStatus).toBe('unpaid');

    expect((await say('7700003', `/return ${number}`))![0]!.text).toBe(`I could not find order ${number} among your orders. Please check the number.`);
    const fresh = await chatOrder(office.core, { sku, chatId, quantity: 3 });
    expect((await say(chatId, `/return ${fresh.order.number}`))![0]!.text).toBe(`Order ${fresh.order.number} cannot be returned now (it is confirmed).`);
    const old = await deliveredOrder(chatId, 1);
    await app.orm.em.fork().getConnection().execute("update audit_entry set created_at = now() - interval '8 days' where entity_id = ? and action = 'order.delivered'", [old.number]);
    expect((await say(chatId, `/return ${old.number}`))![0]!.text).toBe(`Sorry, order ${old.number} is past its 7-day return window. Talk to a person if you need help.`);
    expect((await say(chatId, '/return'))![0]!.text).toContain('Which order would you like to return?');
  });
});
