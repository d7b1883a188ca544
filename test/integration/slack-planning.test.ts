import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/shared/actor.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, type TestApp } from '../support/app.ts';
import { startConsolePair } from '../support/console-pair.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';
import type { SlackRequests } from '../support/slack-signer.ts';

let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let admin: Record<string, string>;
const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  request(`${app.url}/api/v1${path}`, { ...init, headers: { ...admin, ...init.headers } });
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);

const FG = `GB-${process.pid}`;
const TEA = `TEA-${process.pid}`;
const BOX = `BOX-${process.pid}`;
const SUPPLIER = `LEAF-${process.pid}`;

interface Button { action_id: string; value: string; text: { text: string } }
const buttons = (blocks: unknown): Button[] => (blocks as Array<{ type: string; elements?: Button[] }>).filter((block) => block.type === 'actions').flatMap((block) => block.elements ?? []);

beforeAll(async () => {
  ({ office, app, slack } = await startConsolePair({ DEFAULT_LOCALE: 'en', SLACK_OPS_CHANNEL: 'C_OPS', REPORT_TIMEZONE: 'Asia/Shanghai' }));
  admin = { authorization: `Bearer ${await app.apiKey()}` };
  await app.core.staff.addStaff({ slackUserId: 'U0PROD', name: 'Qian Gong', role: 'production' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: 'U0AGENT', name: 'Li Agent', role: 'agent' }, systemActor);
  await productWithStock(app.orm, 0, { sku: FG, name: 'Gift box', allowBackorder: true });
  await productWithStock(app.orm, 0, { sku: TEA, name: 'Longjing tea', kind: 'material' });
  await productWithStock(app.orm, 0, { sku: BOX, name: 'Box', kind: 'material' });
  await api('/suppliers', { method: 'POST', body: { code: SUPPLIER, name: 'Leaf & Box', leadTimeDays: 5 } });
  for (const sku of [TEA, BOX]) await api('/inventory/reorder-policies', { method: 'PUT', body: { sku, reorderPoint: 0, supplier: SUPPLIER } });
  const bom = await api('/boms', { method: 'POST', body: { sku: FG, outputQuantity: 1, produceDays: 2, lines: [{ sku: TEA, quantity: 100 }, { sku: BOX, quantity: 1 }] } });
  await api(`/boms/${bom.body.id}/activate`, { method: 'POST' });
  const placed = await api('/orders', { method: 'POST', body: orderBody([{ sku: FG, quantity: 10 }]), headers: { 'idempotency-key': `slack-mrp-${process.pid}` } });
  if (placed.status !== 201) throw new Error(JSON.stringify(placed.body));
});

describe('material planning in Slack (issue 22)', () => {
  it('/mrp posts the plan with a button per row; the first click makes the document, the second is told; one button orders all of a supplier', async () => {
    const refused = await slack.command('U0AGENT', '/mrp');
    expect(refused.body.response_type).toBe('ephemeral');
    expect(await sql('select id from mrp_run')).toEqual([]);

    const answer = await slack.command('U0PROD', '/mrp');
    expect([answer.body.response_type, answer.body.text]).toEqual(['in_channel', '🗓 Material plan: 3 suggestions: 2 to buy (2 late), 1 to make.']);
    const card = { channel: 'C_STAFF', ts: '1733480000.000100', blocks: answer.body.blocks };
    const rows = buttons(answer.body.blocks);
    expect(rows.map((button) => [button.action_id, button.text.text])).toEqual([
      ['mrp_accept', 'Create PO'], ['mrp_dismiss', 'Dismiss'], ['mrp_accept', 'Create PO'], ['mrp_dismiss', 'Dismiss'], ['mrp_accept', 'Create MO'], ['mrp_dismiss', 'Dismiss'],
      ['mrp_accept_supplier', `Create all POs for ${SUPPLIER}`],
    ]);
    expect(JSON.stringify(answer.body.blocks)).toContain(`⚠️ late: Buy 1000 × ${TEA} Longjing tea for MAIN from ${SUPPLIER}`);

    const make = rows.find((button) => button.text.text === 'Create MO')!;
    await slack.click('U0PROD', 'mrp_accept', make.value, card);
    await eventually('the row edited', () => office.slack.callsTo('chat.update').some((call) => String(call.params.text).includes('created by Qian Gong')));
    const [mo] = await sql<{ number: string; origin: string; quantity_planned: number }>(`select number, origin, quantity_planned from production_order`);
    expect([mo!.origin, mo!.quantity_planned]).toEqual(['mrp', 10]);
    const edited = office.slack.callsTo('chat.update').at(-1)!;
    expect(JSON.stringify(edited.params.blocks)).toContain(`✅ ${mo!.number} created by Qian Gong`);
    await slack.click('U0PROD', 'mrp_accept', make.value, card);
    await eventually('the late click answered', () => office.slack.callsTo('chat.postEphemeral').some((call) => String(call.params.text) === `Already taken care of: ${mo!.number}`));
    expect(await sql('select id from production_order')).toHaveLength(1);

    await slack.click('U0AGENT', 'mrp_accept_supplier', SUPPLIER, card);
    await eventually('the agent refused', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0AGENT'));
    await slack.click('U0PROD', 'mrp_accept_supplier', SUPPLIER, card);
    await eventually('one purchase order', async () => (await sql('select id from purchase_order')).length === 1);
    const lines = await sql<{ sku: string; quantity_ordered: number }>('select sku, quantity_ordered from purchase_order_line order by sku');
    expect(lines).toEqual([{ sku: BOX, quantity_ordered: 10 }, { sku: TEA, quantity_ordered: 1000 }]);
  });

  it('a run not asked for in Slack (the schedule, the API) posts its summary to the ops channel', async () => {
    await sql(`update purchase_order set status = 'cancelled'`);
    expect((await api('/mrp/runs', { method: 'POST' })).status).toBe(201);
    await eventually('the ops summary', () => office.slack.posted.some((post) => post.channel === 'C_OPS' && post.text.startsWith('🗓 Material plan: 2 suggestions: 2 to buy (2 late), 0 to make.')));
    const post = office.slack.posted.find((each) => each.channel === 'C_OPS' && each.text.startsWith('🗓 Material plan'))!;
    expect(buttons(post.blocks).map((button) => button.action_id)).toContain('mrp_accept_supplier');
  });
});
