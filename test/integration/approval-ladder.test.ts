import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { systemActor } from '../../core/shared/actor.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { stockOf } from '../support/inspect.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';

const manager = 'U0LADDERBOSS';
let office: TestBackOffice;
let app: TestApp;
let chat = 9_700_000;

beforeAll(async () => {
  // The ladder in seconds: reminder at 1.2 s, managers' channel at 3 s, rejection at 5.4 s.
  const env = {
    DEFAULT_LOCALE: 'en', APPROVAL_THRESHOLD_MINOR: '1000', SLACK_MANAGERS_CHANNEL: 'C_MANAGERS',
    APPROVAL_REMINDER_MINUTES: '0.02', APPROVAL_ESCALATION_MINUTES: '0.05', APPROVAL_TIMEOUT_HOURS: '0.0015',
  };
  office = await startTestBackOffice(env);
  app = await startTestApp({ env });
  await app.core.staff.addStaff({ slackUserId: manager, name: 'Boss', role: 'manager' }, systemActor);
});

const statusOf = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;
const postsTo = (channel: string, number: string) => office.slack.posted.filter((post) => post.channel === channel && post.text.includes(number));

describe('an approval nobody gives', () => {
  it('is reminded to each manager with the buttons, then posted to the managers\' channel, then rejected with its stock released and the customer told, each once', async () => {
    const { sku } = await productWithStock(app.orm, 10, { name: 'Tea chest', priceMinor: 5000 });
    const chatId = String((chat += 1));
    const { order } = await chatOrder(office.core, { sku, chatId, quantity: 2 });
    expect(order.status).toBe('pending_approval');
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 2 });

    await eventually('the reminder', () => postsTo(manager, order.number).length === 1);
    const reminder = postsTo(manager, order.number)[0]!;
    expect(reminder.text).toMatch(new RegExp(`^⏰ Order ${order.number} from Customer ${chatId} \\(CN¥110\\.00\\) has waited \\d+ minutes for approval\\.`));
    expect(JSON.stringify(reminder.blocks)).toMatch(/"action_id":"order_approve".*"action_id":"order_reject"/);
    await eventually('the escalation', () => postsTo('C_MANAGERS', order.number).length === 1);
    const escalation = postsTo('C_MANAGERS', order.number)[0]!;
    expect(escalation.text).toMatch(new RegExp(`^🚨 No manager has decided on order ${order.number}`));
    expect(JSON.stringify(escalation.blocks)).toContain('"action_id":"order_approve"');

    await eventually('the rejection', async () => (await statusOf(order.number)) === 'rejected', 20_000);
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 0 });
    await eventually('the customer told', () => office.telegram.messagesTo(chatId).some((text) => text.startsWith(`We are sorry: we could not confirm order ${order.number} in time`)));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(postsTo(manager, order.number)).toHaveLength(1);
    expect(postsTo('C_MANAGERS', order.number)).toHaveLength(1);
    expect(office.telegram.messagesTo(chatId).filter((text) => text.includes('in time'))).toHaveLength(1);
    const audits = await app.orm.em.fork().getConnection().execute<Array<{ actor_id: string }>>("select actor_id from audit_entry where entity_id = ? and action = 'order.rejected'", [order.number]);
    expect(audits).toEqual([{ actor_id: 'approval-timeout' }]);
  });

  it('an order decided in time is left alone by the ladder', async () => {
    const { sku } = await productWithStock(app.orm, 10, { priceMinor: 5000 });
    const { order } = await chatOrder(office.core, { sku, chatId: String((chat += 1)), quantity: 2 });
    await app.core.orders.approveOrder(order.number, { type: 'staff', id: manager, role: 'manager' });
    await new Promise((resolve) => setTimeout(resolve, 7000));
    expect(await statusOf(order.number)).toBe('confirmed');
    expect(postsTo(manager, order.number)).toHaveLength(0);
    expect(postsTo('C_MANAGERS', order.number)).toHaveLength(0);
  });
});

describe('approvals without Slack', () => {
  it('a key with orders:approve approves or rejects over REST; the first decision wins; a key without the scope is refused', async () => {
    const { sku } = await productWithStock(app.orm, 10, { priceMinor: 5000 });
    const approver = { authorization: `Bearer ${await app.apiKey(['orders:approve', 'orders:read'])}` };
    const writer = { authorization: `Bearer ${await app.apiKey(['orders:write'])}` };
    const { order: first } = await chatOrder(office.core, { sku, chatId: String((chat += 1)), quantity: 2 });
    const { order: second } = await chatOrder(office.core, { sku, chatId: String((chat += 1)), quantity: 2 });

    const refused = await request(`${app.url}/api/v1/orders/${first.number}/approve`, { method: 'POST', headers: writer });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    const approved = await request(`${app.url}/api/v1/orders/${first.number}/approve`, { method: 'POST', headers: approver });
    expect([approved.status, approved.body.status]).toEqual([200, 'confirmed']);
    const again = await request(`${app.url}/api/v1/orders/${first.number}/reject`, { body: { reason: 'too late' }, headers: approver });
    expect(again.status).toBe(409);

    const noReason = await request(`${app.url}/api/v1/orders/${second.number}/reject`, { body: {}, headers: approver });
    expect(noReason.status).toBe(400);
    const rejected = await request(`${app.url}/api/v1/orders/${second.number}/reject`, { body: { reason: 'address unreachable' }, headers: approver });
    expect([rejected.status, rejected.body.status, rejected.body.statusReason]).toEqual([200, 'rejected', 'address unreachable']);
    expect(await stockOf(app.orm, sku)).toMatchObject({ reserved: 2 });
  });
});
