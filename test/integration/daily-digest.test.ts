import { beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { systemActor } from '../../core/shared/actor.ts';
import { localDate } from '../../core/analytics/index.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { SlackTelegramDigest } from '../../bots/reports/digest.publisher.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { SlackRequests } from '../support/slack-signer.ts';

let office: TestBackOffice;
let app: TestApp;
const today = localDate(new Date(), 'Asia/Shanghai');

beforeAll(async () => {
  office = await startTestBackOffice({ SLACK_DIGEST_CHANNEL: 'C_DIGEST', DEFAULT_LOCALE: 'en' });
  app = await startTestApp({ env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'digest-secret', SLACK_API_URL: office.config.SLACK_API_URL, DEFAULT_LOCALE: 'en' } });
  const { sku } = await productWithStock(office.orm, 50, { priceMinor: 2500 });
  for (const chatId of ['9900001', '9900002', '9900003']) await chatOrder(office.core, { sku, chatId });
  await office.core.staff.addStaff({ slackUserId: 'U0BOSS', name: 'Sun Li', role: 'manager', telegramChatId: '555001' }, systemActor);
  await office.core.staff.addStaff({ slackUserId: 'U0HELP', name: 'Agent', role: 'agent', telegramChatId: '555002' }, systemActor);
});

describe('daily digest', () => {
  it('posts the figures to the digest channel with a PNG chart, and to managers on Telegram, once per date', async () => {
    const channel = new SlackTelegramDigest(office.config, office.core.staff, createLogger('silent'));
    const { sent } = await office.core.analytics.sendDailyDigest(today, channel);
    expect(sent).toEqual(['slack:C_DIGEST', 'telegram:555001']);

    const post = office.slack.postsTo('C_DIGEST').at(-1)!;
    expect(String(post.params.text)).toContain(`Daily digest for ${today}`);
    expect(String(post.params.text)).toMatch(/Orders: 3 \(new\)/);
    expect(String(post.params.text)).toContain('Revenue: CN¥105.00 (new)');
    expect(String(post.params.text)).toContain('Placed → shipped: p50 n/a, p90 n/a');
    const blocks = JSON.stringify(post.params.blocks);
    expect(blocks.indexOf('Needs attention')).toBeLessThan(blocks.indexOf('Figures (change against a week earlier)'));

    const upload = office.slack.uploads().at(-1)!;
    const start = upload.indexOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(start).toBeGreaterThanOrEqual(0);
    // The upload may wrap the file (multipart); the PNG runs from its signature to the IEND chunk.
    const end = upload.indexOf(Buffer.from('IEND'), start) + 8;
    const image = PNG.sync.read(upload.subarray(start, end));
    expect([image.width, image.height]).toEqual([840, 320]);
    const complete = office.slack.callsTo('files.completeUploadExternal').at(-1)!;
    expect(complete.params.channel_id).toBe('C_DIGEST');

    expect(office.telegram.messagesTo('555001').at(-1)).toContain(`Daily digest for ${today}`);
    expect(office.telegram.messagesTo('555002')).toEqual([]);
    expect((await office.core.analytics.sendDailyDigest(today, channel)).sent).toBeNull();
    expect((await office.core.analytics.sendDailyDigest(today, channel, true)).sent).toEqual(['slack:C_DIGEST', 'telegram:555001']);
  });

  it('the same figures come as JSON from the API and privately from /report', async () => {
    const auth = { authorization: `Bearer ${await app.apiKey()}` };
    const json = await request(`${app.url}/api/v1/reports/daily?date=${today}`, { headers: auth });
    expect(json.status).toBe(200);
    expect([json.body.date, json.body.orders, json.body.revenue]).toEqual([today, 3, [{ currency: 'CNY', totalMinor: 10_500 }]]);
    expect((await request(`${app.url}/api/v1/reports/daily?date=yesterday`, { headers: auth })).status).toBe(400);

    await app.core.staff.addStaff({ slackUserId: 'U0LOOK', name: 'Look', role: 'agent' }, systemActor);
    const slack = new SlackRequests(`${app.url}/slack/events`, 'digest-secret');
    const answer = await slack.command('U0LOOK', '/report', today);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toContain(`Daily digest for ${today}`);
    expect(answer.body.text).toContain('Orders: 3');
    expect((await slack.command('U0LOOK', '/report', 'soon')).body.text).toBe('Usage: /report 2026-11-21');
  });

  it('the worker installs the digest scheduler at 08:00 in REPORT_TIMEZONE', async () => {
    const scheduler = await office.queues.queues.get('maintenance')!.getJobScheduler('daily-digest');
    expect(scheduler).toMatchObject({ pattern: '0 8 * * *', tz: 'Asia/Shanghai' });
    const next = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', timeStyle: 'short' }).format(new Date(scheduler!.next!));
    expect(next).toBe('08:00');
  });
});
