import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { systemActor, type Actor } from '../../core/shared/actor.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import type { TestApp } from '../support/app.ts';
import { startConsolePair } from '../support/console-pair.ts';
import type { SlackRequests } from '../support/slack-signer.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';

const zhSupervisor = 'U0ZHSUPER';
const zhManager = 'U0ZHBOSS';
const picker: Actor = { type: 'staff', id: 'U0PICK', role: 'agent' };
let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let chat = 9_900_000;

beforeAll(async () => {
  const env = { DEFAULT_LOCALE: 'en', SLACK_OPS_CHANNEL: 'C_OPS', APPROVAL_THRESHOLD_MINOR: '100000', APPROVAL_REMINDER_MINUTES: '0.02' };
  ({ office, app, slack } = await startConsolePair(env));
  await app.core.staff.addStaff({ slackUserId: zhSupervisor, name: '周杰', role: 'supervisor' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: zhManager, name: '李雷', role: 'manager' }, systemActor);
});

const han = /[\u4e00-\u9fff]/;
/** Everything the console showed one user: their command answers, private refusals, and the messages their clicks edited. */
const shownTo = (user: string) => office.slack.callsTo('chat.postEphemeral').filter((call) => call.params.user === user).map((call) => String(call.params.text));

describe('each staff member in their own language', () => {
  it('a zh-CN supervisor sees Chinese in every message of a short-pick decision, including the refusal of a second click; others still see English', async () => {
    const chosen = await slack.command(zhSupervisor, '/lang', 'zh-CN');
    expect(chosen.body.text).toBe('您的语言已设为中文：控制台向您显示的内容都将使用中文。');
    expect((await slack.command(zhSupervisor, '/lang')).body.text).toBe('您当前的语言：zh-CN。使用 `/lang en` 或 `/lang zh-CN` 更改。');
    // An English-speaking agent (no /lang: DEFAULT_LOCALE) is refused in English.
    await app.core.staff.addStaff({ slackUserId: 'U0ENAGENT', name: 'Han Meimei', role: 'agent' }, systemActor);

    const { sku } = await productWithStock(app.orm, 3, { name: 'Zisha teapot', nameZh: '紫砂壶', allowBackorder: true });
    const { order } = await chatOrder(office.core, { sku, chatId: String((chat += 1)), quantity: 3 });
    const list = (await app.core.fulfilment.createPickList({ orders: [order.number], actor: picker })).pickList.number;
    await app.core.fulfilment.scan(list, { barcode: sku, quantity: 2 }, picker);
    await app.core.fulfilment.reportShort(list, { sku, missing: 1 }, picker);
    await eventually('the short-pick card', () => office.slack.posted.some((post) => post.channel === 'C_OPS' && post.text.includes(list)));
    const card = office.slack.posted.find((post) => post.channel === 'C_OPS' && post.text.includes(list))!;
    const value = JSON.stringify({ l: list, o: order.number, s: sku });

    await slack.click('U0ENAGENT', 'short_backorder', value, card);
    await slack.click(zhSupervisor, 'short_backorder', value, card);
    await eventually('the decision', async () => (await app.orm.em.fork().findOneOrFail(Order, { number: order.number })).status === 'packed');
    await eventually('the card edited', () => office.slack.callsTo('chat.update').some((call) => call.params.ts === card.ts));
    expect(String(office.slack.callsTo('chat.update').find((call) => call.params.ts === card.ts)!.params.text)).toBe(`周杰：转为缺货预订。订单 ${order.number} 现为「已打包，等待发货」。`);
    // A second click: core refuses (nothing waits for a decision); the refusal is in Chinese too.
    await slack.click(zhSupervisor, 'short_backorder', value, card);
    await eventually('the refusal', () => shownTo(zhSupervisor).length === 1);
    expect(shownTo(zhSupervisor)).toEqual(['已无法执行此操作：它已被更改或已有人处理。']);
    // A command error in the same language.
    expect((await slack.command(zhSupervisor, '/ship', 'SO-20990101-000001')).body.text).toMatch(han);
    expect(shownTo('U0ENAGENT')).toEqual(['Sorry, your role (agent) cannot do this.']);
  });

  it('a manager who chose Chinese gets the approval reminder in Chinese (the channel keeps the shop\'s language)', async () => {
    await slack.command(zhManager, '/lang', '中文');
    const { sku } = await productWithStock(app.orm, 10, { priceMinor: 60_000 });
    const { order } = await chatOrder(office.core, { sku, chatId: String((chat += 1)), quantity: 2 });
    expect(order.status).toBe('pending_approval');
    await eventually('the reminder', () => office.slack.posted.some((post) => post.channel === zhManager && post.text.includes(order.number)));
    expect(office.slack.posted.find((post) => post.channel === zhManager && post.text.includes(order.number))!.text).toMatch(new RegExp(`^⏰ 订单 ${order.number}（客户：`));
  });
});
