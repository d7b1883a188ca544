import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/shared/actor.ts';
import { productWithStock } from '../factories/catalog.ts';
import { request, type TestApp } from '../support/app.ts';
import { modalNumber, modalText, startConsolePair } from '../support/console-pair.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';
import type { SlackRequests } from '../support/slack-signer.ts';

let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let admin: Record<string, string>;
const api = (path: string, init: { method?: string; body?: unknown } = {}) => request(`${app.url}/api/v1${path}`, { ...init, headers: admin });

const GB = `GB-${process.pid}`;
const TEA = `TEA-${process.pid}`;
const RIBBON = `RIBBON-${process.pid}`;
const buttonIds = (blocks: unknown) => JSON.stringify(blocks).match(/"action_id":"mo_[a-z]+"/g);
const lastUpdate = () => office.slack.callsTo('chat.update').at(-1)!;

beforeAll(async () => {
  ({ office, app, slack } = await startConsolePair({ DEFAULT_LOCALE: 'en', REPORT_TIMEZONE: 'Asia/Shanghai' }));
  admin = { authorization: `Bearer ${await app.apiKey()}` };
  await app.core.staff.addStaff({ slackUserId: 'U0PROD', name: 'Qian Gong', role: 'production' }, systemActor);
  await app.core.staff.addStaff({ slackUserId: 'U0AGENT', name: 'Li Agent', role: 'agent' }, systemActor);
  await productWithStock(app.orm, 0, { sku: GB, name: 'Gift box' });
  await productWithStock(app.orm, 3000, { sku: TEA, name: 'Longjing', kind: 'material' });
  await productWithStock(app.orm, 200, { sku: RIBBON, name: 'Ribbon', kind: 'material' });
  const bom = await api('/boms', { method: 'POST', body: { sku: GB, outputQuantity: 4, produceDays: 2, lines: [{ sku: TEA, quantity: 1000, scrapBasisPoints: 500 }, { sku: RIBBON, quantity: 120 }] } });
  await api(`/boms/${bom.body.id}/activate`, { method: 'POST' });
});

describe('production in Slack (issue 22)', () => {
  it('/bom shows what making takes against free stock and how many can be made now', async () => {
    const answer = await slack.command('U0AGENT', '/bom', `${GB.toLowerCase()} 10`);
    expect(answer.body.text).toBe([
      `*${GB} Gift box: BOM v1, batch of 4, 2 days*`,
      `• ${RIBBON} Ribbon: 300 for 10, 200 free`,
      `• ${TEA} Longjing: 2625 for 10, 3000 free`,
      // 200 cm of ribbon make 6 (180 cm); 7 would need 210.
      `Can make 6 now at MAIN; short: ${RIBBON} 100.`,
    ].join('\n'));
  });

  it('/mo drafts an order with a card; release names what is short, then reserves; output is reported in a modal once; close short takes a reason', async () => {
    expect((await slack.command('U0AGENT', '/mo', `${GB} 10`)).body.response_type).toBe('ephemeral');
    const created = await slack.command('U0PROD', '/mo', `${GB} 10`);
    expect(created.body.response_type).toBe('in_channel');
    const number = /MO-\d{8}-\d{6}/.exec(created.body.text)![0];
    expect(buttonIds(created.body.blocks)).toEqual(['"action_id":"mo_release"', '"action_id":"mo_cancel"']);
    const card = { channel: 'C_STAFF', ts: '1733480000.000200', blocks: created.body.blocks };

    await slack.click('U0PROD', 'mo_release', number, card);
    await eventually('the shortage told', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.text === `Not enough to release: ${RIBBON} 300/200 (needed/free).`));
    expect((await api(`/production-orders/${number}`)).body.status).toBe('draft');
    await api('/inventory/receipts', { method: 'POST', body: { lines: [{ sku: RIBBON, quantity: 100 }], reference: 'top-up' } });
    await slack.click('U0PROD', 'mo_release', number, card);
    await eventually('released', async () => (await api(`/production-orders/${number}`)).body.status === 'released');
    await eventually('the card edited', () => String(lastUpdate().params.text).includes('released (components reserved)'));
    expect(buttonIds(lastUpdate().params.blocks)).toEqual(['"action_id":"mo_report"', '"action_id":"mo_cancel"']);

    await slack.click('U0PROD', 'mo_report', number, card);
    await eventually('the report modal', () => office.slack.callsTo('views.open').length > 0);
    const metadata = String((office.slack.callsTo('views.open').at(-1)!.params.view as { private_metadata: string }).private_metadata);
    const values = { good: modalNumber('6'), scrapped: modalNumber('0') };
    expect((await slack.submitView('U0PROD', 'mo_report_modal', values, metadata, 'V0REPORT1')).status).toBe(200);
    // Slack retries a submission it thinks timed out: the same view counts once.
    await slack.submitView('U0PROD', 'mo_report_modal', values, metadata, 'V0REPORT1');
    expect((await api(`/production-orders/${number}`)).body).toMatchObject({ status: 'in_progress', quantityGood: 6 });
    const zero = await slack.submitView('U0PROD', 'mo_report_modal', { good: modalNumber('0'), scrapped: modalNumber('0') }, metadata);
    expect(zero.body.errors.good).toBe('Report at least one unit made or scrapped, in whole numbers.');
    const beyond = await slack.submitView('U0PROD', 'mo_report_modal', { good: modalNumber('5'), scrapped: modalNumber('0') }, metadata);
    expect(beyond.body.response_action).toBe('errors');
    await eventually('the card shows the progress', () => String(lastUpdate().params.text).includes('Made 6 of 10 (0 scrapped)'));

    await slack.click('U0PROD', 'mo_close', number, card);
    await slack.submitView('U0PROD', 'mo_close_modal', { reason: modalText('ribbon ran out') }, metadata);
    expect((await api(`/production-orders/${number}`)).body).toMatchObject({ status: 'done', closeReason: 'ribbon ran out' });
    await eventually('the card closed', () => String(JSON.stringify(lastUpdate().params.blocks)).includes('Closed by Qian Gong'));
    expect(buttonIds(lastUpdate().params.blocks)).toBeNull();
    expect(await app.core.inventory.integrityMismatches(systemActor)).toEqual([]);
  });
});
