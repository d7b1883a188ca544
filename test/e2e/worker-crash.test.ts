import { describe, expect, it } from 'vitest';
import { Notification } from '../../core/notifications/index.ts';
import { createCoreServices } from '../../core/services.ts';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { testConfig, testOrm } from '../support/app.ts';
import { closeAfterAll, serviceEnv } from '../support/context.ts';
import { eventually } from '../support/back-office.ts';
import { freePort, runScript, type Spawned } from '../support/process.ts';

const orders = 1000;
/** Notifications the worker sends side by side (NOTIFY_CONCURRENCY). */
const concurrency = 8;
/** The start of the ops alert about one notification that may not have arrived. */
const alertOf = (id: number) => `Notification #${id} (order_confirmed) to telegram `;

describe('worker killed with SIGKILL halfway through 1,000 confirmations', () => {
  it('after a restart no customer has two confirmations; every missing one is recorded uncertain, at most the worker concurrency', async () => {
    const telegram = new FakeTelegramApi();
    const apiRoot = await telegram.start();
    closeAfterAll(() => telegram.stop());
    const slack = new FakeSlackApi();
    const slackUrl = await slack.start();
    closeAfterAll(() => slack.stop());
    const metricsPort = await freePort();
    const env = async (): Promise<Record<string, string>> => ({
      ...serviceEnv(),
      PORT: String(await freePort()), ROLE: 'worker', LOG_LEVEL: 'warn',
      TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot,
      // Messages that may not have arrived are surfaced to the operators here, and in /metrics.
      SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slackUrl}/api/`, SLACK_OPS_CHANNEL: 'C_OPS', DEFAULT_LOCALE: 'en',
      METRICS_PORT: String(metricsPort),
      // Stalled jobs of the killed worker are handed over after 3 s instead of 30 s.
      JOB_LOCK_SECONDS: '3', OUTBOX_POLL_SECONDS: '1', NOTIFY_CONCURRENCY: String(concurrency),
    });
    let worker: Spawned = runScript('main.ts', [], await env());
    closeAfterAll(async () => { worker.child.kill('SIGKILL'); });

    // The kill lands while the 500th message is on the wire: received, but its answer never read.
    let received = 0;
    telegram.when((call) => {
      if (call.method === 'sendMessage' && (received += 1) === orders / 2) worker.child.kill('SIGKILL');
      return undefined;
    });

    const orm = await testOrm();
    const core = createCoreServices(orm, testConfig());
    const { sku } = await productWithStock(orm, orders);
    const chats = Array.from({ length: orders }, (_, i) => String(900_000 + i));
    for (let i = 0; i < chats.length; i += 25) {
      await Promise.all(chats.slice(i, i + 25).map((chatId) => chatOrder(core, { sku, chatId })));
    }

    const killed = await worker.exited;
    expect(killed.signal).toBe('SIGKILL');
    const deliveredBeforeKill = new Set(telegram.callsTo('sendMessage').map((call) => String(call.params.chat_id))).size;
    expect(deliveredBeforeKill).toBeGreaterThanOrEqual(orders / 2);
    expect(deliveredBeforeKill).toBeLessThan(orders);

    worker = runScript('main.ts', [], await env());
    // Done when no notification is left to send. A message the dead worker had claimed is
    // `uncertain` (it may or may not have reached Telegram) and is never sent again.
    const open = async () => (await orm.em.fork().count(Notification, { channel: 'telegram', status: { $in: ['pending', 'sending'] } }));
    // Generous: on a busy machine the restarted worker first waits out the dead one's job locks.
    await eventually('every notification settled', async () => (await open()) === 0, 200_000);
    await new Promise((resolve) => setTimeout(resolve, 4000));

    const perChat = new Map<string, number>();
    for (const call of telegram.callsTo('sendMessage')) perChat.set(String(call.params.chat_id), (perChat.get(String(call.params.chat_id)) ?? 0) + 1);
    // Never twice, whatever the timing of the kill.
    expect([...perChat.entries()].filter(([, sent]) => sent > 1)).toEqual([]);
    const rows = await orm.em.fork().find(Notification, { channel: 'telegram' });
    const uncertain = rows.filter((row) => row.status === 'uncertain');
    expect(rows.filter((row) => row.status !== 'sent' && row.status !== 'uncertain')).toEqual([]);
    expect(rows).toHaveLength(orders);
    // At most as many messages were on their way as the worker sends side by side.
    expect(uncertain.length).toBeGreaterThanOrEqual(1);
    expect(uncertain.length).toBeLessThanOrEqual(concurrency);
    // A chat without its message is one whose message was in flight at the kill: recorded
    // as uncertain (surfaced), not resent. Every other chat has exactly one.
    const uncertainChats = new Set(uncertain.map((row) => row.recipient));
    expect(chats.filter((chatId) => perChat.get(chatId) !== 1 && !uncertainChats.has(chatId))).toEqual([]);

    // Each uncertain message is surfaced once: an ops alert naming it, and the metric.
    await eventually('an ops alert per uncertain message', () => slack.postsTo('C_OPS').length >= uncertain.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const alerts = slack.postsTo('C_OPS').map((post) => String(post.params.text));
    expect(alerts).toHaveLength(uncertain.length);
    for (const row of uncertain) expect(alerts.filter((text) => text.includes(alertOf(row.id))), `alert of #${row.id}`).toHaveLength(1);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain(`orderchat_notifications{channel="telegram",status="uncertain"} ${uncertain.length}`);

    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
    expect(worker.stderr()).toBe('');
  }, 320_000);
});
