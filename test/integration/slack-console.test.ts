import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { systemActor } from '../../core/shared/actor.ts';
import { Ticket } from '../../core/service/index.ts';
import { customerActor } from '../../core/shared/actor.ts';
import { AuditEntry } from '../../core/shared/audit.entity.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { SlackRequests } from '../support/slack-signer.ts';

const signingSecret = 'slack-signing-secret-for-tests';
const manager = 'U0MANAGER';
const agent = 'U0AGENT';
const stranger = 'U0STRANGER';
let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let sku: string;
let chat = 9_100_000;

beforeAll(async () => {
  office = await startTestBackOffice({ APPROVAL_THRESHOLD_MINOR: '100000', DEFAULT_LOCALE: 'en', APPROVAL_REMINDER_MINUTES: '0.05' });
  app = await startTestApp({ env: {
    SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: office.config.SLACK_API_URL, DEFAULT_LOCALE: 'en',
    SLACK_APPROVALS_CHANNEL: 'C_APPROVALS', SLACK_SUPPORT_CHANNEL: 'C_SUPPORT', APPROVAL_THRESHOLD_MINOR: '100000',
  } });
  slack = new SlackRequests(`${app.url}/slack/events`, signingSecret);
  await app.core.staff.addStaff({ slackUserId: manager, name: 'Li Lei', role: 'manager' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: agent, name: 'Han Meimei', role: 'agent' }, systemActor);
  ({ sku } = await productWithStock(app.orm, 10_000, { name: 'Tea chest', priceMinor: 60_000 }));
});

const newChat = () => String((chat += 1));
const orderStatus = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;
const ephemeralsTo = (user: string) => office.slack.callsTo('chat.postEphemeral').filter((call) => call.params.user === user).map((call) => String(call.params.text));

/** A high-value order from a Telegram customer, and its approval message in Slack. */
async function awaitingApproval(): Promise<{ number: string; chatId: string; message: { channel: string; ts: string; blocks: unknown } }> {
  const chatId = newChat();
  const { order } = await chatOrder(office.core, { sku, chatId, quantity: 2 });
  await eventually('the approval message', () => office.slack.posted.some((post) => post.channel === 'C_APPROVALS' && post.text.includes(order.number)));
  const post = office.slack.posted.find((each) => each.channel === 'C_APPROVALS' && each.text.includes(order.number))!;
  return { number: order.number, chatId, message: { channel: post.channel, ts: post.ts, blocks: post.blocks } };
}

describe('approvals in Slack', () => {
  it('a high-value order posts Approve/Reject with the customer history; a manager approves; a second click is refused', async () => {
    const { number, chatId, message } = await awaitingApproval();
    const post = office.slack.posted.find((each) => each.ts === message.ts)!;
    expect(post.text).toContain(`Order ${number} from Customer ${chatId} (CN¥1,200.00) needs approval: high value.`);
    expect(post.text).toContain('First order from this customer.');
    expect(JSON.stringify(post.blocks)).toMatch(/"action_id":"order_approve".*"action_id":"order_reject"/);

    const click = await slack.click(manager, 'order_approve', number, message);
    expect(click.status).toBe(200);
    await eventually('the order approved', async () => (await orderStatus(number)) === 'confirmed');
    await eventually('the message edited', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === message.ts));
    const update = office.slack.callsTo('chat.update').find((call) => call.params.ts === message.ts)!;
    expect(String(update.params.text)).toMatch(/^✅ Approved by Li Lei at /);
    expect(JSON.stringify(update.params.blocks)).not.toContain('order_approve');
    await eventually('the customer told', () => office.telegram.messagesTo(chatId).some((text) => text.includes(`Order ${number} is approved`)));

    await slack.click(agent, 'order_approve', number, message);
    await slack.click(manager, 'order_approve', number, message);
    await eventually('the refusal', () => ephemeralsTo(manager).some((text) => text.startsWith(`Order ${number} was already approved by Li Lei at `)));
    expect(ephemeralsTo(agent)).toContain('Sorry, your role (agent) cannot do this.');
    const decisions = await app.orm.em.fork().find(AuditEntry, { entityId: number, action: 'order.confirmed' });
    expect(decisions.map((entry) => [entry.actorType, entry.actorId])).toEqual([['staff', manager]]);
  });

  it('a click by someone outside the staff directory is refused and the order is unchanged', async () => {
    const { number, message } = await awaitingApproval();
    expect((await slack.click(stranger, 'order_approve', number, message)).status).toBe(200);
    await eventually('the refusal', () => ephemeralsTo(stranger).length > 0);
    expect(ephemeralsTo(stranger)[0]).toBe('Sorry, only shop staff can do this. Ask an admin to add you to the staff directory.');
    expect(await orderStatus(number)).toBe('pending_approval');
  });

  it('Reject opens a modal; an empty reason is a field error; a reason rejects and tells the customer', async () => {
    const { number, chatId, message } = await awaitingApproval();
    await slack.click(manager, 'order_reject', number, message);
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes(number)));
    const metadata = JSON.stringify({ number, channel: message.channel, ts: message.ts });
    const empty = await slack.submitView(manager, 'order_reject_modal', { reason: { value: { type: 'plain_text_input', value: '  ' } } }, metadata);
    expect(empty.body).toEqual({ response_action: 'errors', errors: { reason: 'Please fill this in.' } });
    expect(await orderStatus(number)).toBe('pending_approval');
    const done = await slack.submitView(manager, 'order_reject_modal', { reason: { value: { type: 'plain_text_input', value: 'Address outside our delivery area' } } }, metadata);
    expect(done.status).toBe(200);
    expect(await orderStatus(number)).toBe('rejected');
    await eventually('the customer told', () => office.telegram.messagesTo(chatId).some((text) => text.includes('Reason: Address outside our delivery area')));
  });
});

describe('approval reminders', () => {
  it('an order left undecided past APPROVAL_REMINDER_MINUTES is re-posted to each manager; a decided one is not', async () => {
    const waiting = await awaitingApproval();
    const decided = await awaitingApproval();
    await slack.click(manager, 'order_approve', decided.number, decided.message);
    await eventually('decided', async () => (await orderStatus(decided.number)) === 'confirmed');
    await eventually('the reminder', () => office.slack.posted.some((post) => post.channel === manager && post.text.includes(waiting.number)), 15_000);
    const reminder = office.slack.posted.find((post) => post.channel === manager && post.text.includes(waiting.number))!;
    expect(reminder.text).toMatch(new RegExp(`^⏰ Order ${waiting.number} from Customer ${waiting.chatId} \\(CN¥1,200\\.00\\) has waited \\d+ minutes for approval\\.`));
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(office.slack.posted.filter((post) => post.channel === manager && post.text.includes(waiting.number))).toHaveLength(1);
    expect(office.slack.posted.some((post) => post.text.includes(decided.number) && post.channel === manager)).toBe(false);
    expect(office.slack.posted.some((post) => post.channel === agent)).toBe(false);
  });
});

describe('request signatures', () => {
  it('unsigned, wrongly signed and five-minute-old requests get 401 and change nothing', async () => {
    const { number, message } = await awaitingApproval();
    const payload = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: manager }, actions: [{ action_id: 'order_approve', value: number }], channel: { id: message.channel }, message }) }).toString();
    const form = 'application/x-www-form-urlencoded';
    const unsigned = await slack.post(payload, form, { signature: null });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('unauthenticated');
    expect((await slack.post(payload, form, { signature: `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await slack.post(payload, form, { age: 6 * 60 })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await orderStatus(number)).toBe('pending_approval');
  });
});

async function ticketPosted(): Promise<{ ticket: string; chatId: string; post: { channel: string; ts: string; blocks: unknown } }> {
  const chatId = newChat();
  const { order } = await chatOrder(office.core, { sku, chatId });
  const view = await app.core.support.openTicket({ kind: 'delivery_issue', description: 'The box arrived damaged', channel: 'telegram', orderNumber: order.number, actor: customerActor((await app.core.orders.getOrder(order.number, systemActor)).customer.id) });
  await eventually('the ticket message', () => office.slack.posted.some((post) => post.channel === 'C_SUPPORT' && post.text.includes(view.number)));
  const post = office.slack.posted.find((each) => each.channel === 'C_SUPPORT' && each.text.includes(view.number))!;
  await eventually('the ticket message recorded as sent', async () => (await app.orm.em.fork().getConnection().execute(`select 1 from notification where external_id = '${post.ts}' and status = 'sent'`)).length === 1);
  return { ticket: view.number, chatId, post: { channel: post.channel, ts: post.ts, blocks: post.blocks } };
}

describe('tickets in Slack', () => {

  it('a staff reply in the ticket thread reaches the customer on Telegram; a Slack retry of the event is processed once', async () => {
    const { ticket, chatId, post } = await ticketPosted();
    expect(JSON.stringify(post.blocks)).toMatch(/ticket_claim.*ticket_resolve.*ticket_escalate/);
    const event = { type: 'message', channel: post.channel, user: agent, text: 'Sorry! A replacement ships today.', ts: `${Date.now() / 1000}`, thread_ts: post.ts };
    expect((await slack.event(event, 'Ev-thread-1')).status).toBe(200);
    expect((await slack.event(event, 'Ev-thread-1', 1)).status).toBe(200);
    await eventually('the reply delivered', () => office.telegram.messagesTo(chatId).some((text) => text.includes('A replacement ships today.')));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(office.telegram.messagesTo(chatId).filter((text) => text.includes('A replacement ships today.'))).toEqual([`💬 Our team replied on ticket ${ticket}:\nSorry! A replacement ships today.`]);
    expect((await app.orm.em.fork().findOneOrFail(Ticket, { number: ticket })).assigneeSlackId).toBe(agent);

    await slack.event({ ...event, user: stranger, text: 'I am not staff', ts: `${Date.now() / 1000 + 1}` });
    await eventually('the refusal', () => ephemeralsTo(stranger).includes('Only staff replies are sent to the customer.'));
    expect(office.telegram.messagesTo(chatId).join('\n')).not.toContain('I am not staff');
  });

  it('a staff reply whose handling fails is answered with an error, so Slack delivers it again, and it reaches the customer once', async () => {
    const { ticket, chatId, post } = await ticketPosted();
    // A second web process whose statements give up fast; the ticket row is held by someone else.
    const impatient = await startTestApp({ env: {
      SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: office.config.SLACK_API_URL, DEFAULT_LOCALE: 'en', DB_STATEMENT_TIMEOUT_MS: '300',
    } });
    const events = new SlackRequests(`${impatient.url}/slack/events`, signingSecret);
    const holder = await (await app.orm.em.getConnection().getNativeClient()).connect();
    await holder.query('begin');
    await holder.query('select 1 from ticket where number = $1 for update', [ticket]);
    const event = { type: 'message', channel: post.channel, user: agent, text: 'We are on it.', ts: `${Date.now() / 1000}`, thread_ts: post.ts };
    try {
      const failed = await events.event(event, 'Ev-retry-1');
      expect(failed.status).toBe(503);
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    expect((await events.event(event, 'Ev-retry-1', 1)).status).toBe(200);
    expect((await events.event(event, 'Ev-retry-1', 2)).status).toBe(200);
    await eventually('the reply delivered', () => office.telegram.messagesTo(chatId).some((text) => text.includes('We are on it.')));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(office.telegram.messagesTo(chatId).filter((text) => text.includes('We are on it.'))).toEqual([`💬 Our team replied on ticket ${ticket}:\nWe are on it.`]);
  });

  it('the customer\'s answers in the chat come back into the ticket\'s thread', async () => {
    const chatId = newChat();
    const say = (text: string, key: string) => app.chat.engine.handle({ channel: 'telegram', chatId, updateKey: `thread-${chatId}-${key}`, input: { kind: 'text', text }, profile: { name: 'Zhao', languageCode: 'en' } });
    const opened = await say('/human my parcel is late', '1');
    const ticket = /ticket number is (T-\d{6})/.exec(opened![0]!.text)![1]!;
    await eventually('the ticket message sent', () => office.slack.posted.some((post) => post.channel === 'C_SUPPORT' && post.text.includes(ticket)));
    const root = office.slack.posted.find((post) => post.channel === 'C_SUPPORT' && post.text.includes(ticket))!;
    await eventually('recorded', async () => (await app.orm.em.fork().getConnection().execute(`select 1 from notification where external_id = '${root.ts}' and status = 'sent'`)).length === 1);

    expect((await say('It was due yesterday', '2'))![0]!.text).toBe(`Sent to our team (ticket ${ticket}). We will answer here.`);
    await eventually('the thread message', () => office.slack.posted.some((post) => post.threadTs === root.ts && post.text === `Zhao wrote on ticket ${ticket}: It was due yesterday`));
  });

  it('the first Claim wins; Resolve records the resolution and tells the customer', async () => {
    const { ticket, chatId, post } = await ticketPosted();
    await slack.click(agent, 'ticket_claim', ticket, post);
    await eventually('claimed', async () => (await app.orm.em.fork().findOneOrFail(Ticket, { number: ticket })).status === 'claimed');
    await slack.click(manager, 'ticket_claim', ticket, post);
    await eventually('the refusal', () => ephemeralsTo(manager).includes(`Ticket ${ticket} is already claimed.`));
    expect((await app.orm.em.fork().findOneOrFail(Ticket, { number: ticket })).assigneeSlackId).toBe(agent);

    await slack.click(agent, 'ticket_resolve', ticket, post);
    const metadata = JSON.stringify({ ticket, channel: post.channel, ts: post.ts, summary: 'x' });
    expect((await slack.submitView(agent, 'ticket_resolve_modal', { reason: { value: { type: 'plain_text_input', value: 'Replacement delivered' } } }, metadata)).status).toBe(200);
    expect((await app.orm.em.fork().findOneOrFail(Ticket, { number: ticket })).status).toBe('resolved');
    await eventually('the customer told', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`✅ Ticket ${ticket} is resolved: Replacement delivered\nHow did we handle ticket ${ticket}?`)));
  });
});

describe('what customers type reaches staff as text', () => {
  it('a customer named <!channel> shows escaped in the support channel; a ticket whose description is 1,990 quotes can still be resolved', async () => {
    const chatId = newChat();
    const opened = await app.chat.engine.handle({
      channel: 'telegram', chatId, updateKey: `hostile-${chatId}`, input: { kind: 'text', text: `/human ${'"'.repeat(1990)}` },
      profile: { name: '<!channel> <https://evil.example|Reset password>', languageCode: 'en' },
    });
    const ticket = /ticket number is (T-\d{6})/.exec(opened![0]!.text)![1]!;
    await eventually('the support post', () => office.slack.posted.some((post) => post.channel === 'C_SUPPORT' && post.text.includes(ticket)));
    const post = office.slack.posted.find((each) => each.channel === 'C_SUPPORT' && each.text.includes(ticket))!;
    expect(post.text).toContain('&lt;!channel&gt; &lt;https://evil.example|Reset password&gt;');
    expect(JSON.stringify({ text: post.text, blocks: post.blocks })).not.toMatch(/<!channel>|<https:\/\/evil/);

    await slack.click(agent, 'ticket_resolve', ticket, post);
    const opens = () => office.slack.callsTo('views.open').filter((call) => JSON.stringify(call.params.view).includes(ticket));
    await eventually('the Resolve dialog', () => opens().length === 1);
    const view = opens()[0]!.params.view as { private_metadata: string };
    expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
    expect((await slack.submitView(agent, 'ticket_resolve_modal', { reason: { value: { type: 'plain_text_input', value: 'Dried and returned' } } }, view.private_metadata)).status).toBe(200);
    expect((await app.orm.em.fork().findOneOrFail(Ticket, { number: ticket })).status).toBe('resolved');
    const update = office.slack.callsTo('chat.update').findLast((call) => call.params.ts === post.ts)!;
    expect(JSON.stringify(update.params.blocks)).toContain(`Ticket ${ticket}`);
  });
});

const values = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([block, value]) => [block, {
  value: ['channel', 'payment'].includes(block) ? { type: 'static_select', selected_option: { value } } : { type: 'plain_text_input', value },
}]));

describe('slash commands and /neworder', () => {
  it('/neworder opens the modal; a bad submission gets field errors; a good one places a phone order', async () => {
    const opened = await slack.command(agent, '/neworder');
    expect(opened.status).toBe(200);
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes('new_order_modal')));

    const bad = await slack.submitView(agent, 'new_order_modal', values({ name: 'Zhang Wei', phone: 'call me', channel: 'phone', lines: `${sku} two`, address: '', city: 'Beijing', payment: 'cash_on_delivery' }));
    expect(bad.body).toEqual({ response_action: 'errors', errors: { phone: 'Enter a phone number, for example 13800138000.', lines: 'Write one item per line as: SKU quantity (for example TEA-LJ-250 2).', address: 'Please fill this in.' } });
    const unknown = await slack.submitView(agent, 'new_order_modal', values({ name: 'Zhang Wei', phone: '13911112222', channel: 'phone', lines: 'NOPE-1 2', address: '1 Chang\'an Ave', city: 'Beijing', payment: 'cash_on_delivery' }));
    expect(unknown.body).toEqual({ response_action: 'errors', errors: { lines: 'Unknown or unavailable SKU: NOPE-1.' } });
    const before = await app.orm.em.fork().count(Order, { channel: 'phone' });
    expect(before).toBe(0);

    const good = values({ name: 'Zhang Wei', phone: '139 1111 2222', channel: 'phone', lines: `${sku} x 1`, address: '1 Chang\'an Ave', city: 'Beijing', payment: 'bank_transfer' });
    expect((await slack.submitView(agent, 'new_order_modal', good, '', 'V-NEWORDER-1')).status).toBe(200);
    expect((await slack.submitView(agent, 'new_order_modal', good, '', 'V-NEWORDER-1')).status).toBe(200);
    const orders = await app.orm.em.fork().find(Order, { channel: 'phone' }, { populate: ['customer'] });
    expect(orders.map((order) => [order.customer.name, order.paymentMethod, order.shippingAddress?.city, order.status])).toEqual([['Zhang Wei', 'bank_transfer', 'Beijing', 'confirmed']]);
    await eventually('the confirmation to the agent', () => office.slack.posted.some((post) => post.channel === agent && post.text.startsWith(`Order ${orders[0]!.number} placed for Zhang Wei`)));
  });

  it('/order and /stock answer staff privately; strangers are refused', async () => {
    const { number } = await awaitingApproval();
    const order = await slack.command(agent, '/order', number.toLowerCase());
    expect(order.body.response_type).toBe('ephemeral');
    expect(order.body.text).toContain(`*Order ${number}: waiting for approval*`);
    expect(JSON.stringify(order.body.blocks)).toContain('order_approve');
    expect((await slack.command(agent, '/stock', sku)).body.text).toMatch(new RegExp(`Stock of ${sku}:\\nMAIN: \\d+ available`));
    expect((await slack.command(agent, '/ticket', 'T-999999')).body.text).toBe('No ticket T-999999.');
    expect((await slack.command(agent, '/order')).body.text).toBe('Usage: /order SO-20261122-000001');
    expect((await slack.command(stranger, '/order', number)).body.text).toBe('Sorry, only shop staff can do this. Ask an admin to add you to the staff directory.');
  });

  it('App Home shows today\'s figures and the orders waiting for approval', async () => {
    const { number } = await awaitingApproval();
    await slack.event({ type: 'app_home_opened', user: manager, channel: 'D0HOME', tab: 'home' });
    await eventually('the home view', () => office.slack.callsTo('views.publish').some((call) => call.params.user_id === manager));
    const view = JSON.stringify(office.slack.callsTo('views.publish').findLast((call) => call.params.user_id === manager)!.params.view);
    expect(view).toContain('Orders waiting for approval');
    expect(view).toContain(number);
    expect(view).toMatch(/\d+ orders · CN¥/);
  });
});
