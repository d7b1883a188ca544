import { describe, expect, it } from 'vitest';
import { createCoreServices } from '../../core/services.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { testConfig, testOrm } from '../support/app.ts';
import { eventually } from '../support/back-office.ts';
import { closeAfterAll, serviceEnv } from '../support/context.ts';
import { freePort, runScript, waitForOk } from '../support/process.ts';

const token = 'metrics-token-0123456789';

/** The samples of a Prometheus text exposition, `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  return new Map(text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const at = line.lastIndexOf(' ');
    return [line.slice(0, at), Number(line.slice(at + 1))];
  }));
}

describe('metrics of a worker-only process (ROLE=worker, METRICS_PORT)', () => {
  it('serve queue, notification and outbox series behind the metrics token', async () => {
    const telegram = new FakeTelegramApi();
    const apiRoot = await telegram.start();
    closeAfterAll(() => telegram.stop());
    // One confirmation is refused for good (the customer blocked the bot); one send gets a 429 first.
    telegram.blockedBy('880003');
    telegram.rateLimitNext('sendMessage', 1, 1);

    const orm = await testOrm();
    const core = createCoreServices(orm, testConfig(), systemClock);
    const { sku } = await productWithStock(orm, 100);
    for (const chatId of ['880001', '880002', '880003']) await chatOrder(core, { sku, chatId });
    // An event nobody can plan: it is set aside, and counted.
    await orm.em.fork().getConnection().execute(
      `insert into outbox_event (topic, aggregate_type, aggregate_id, payload, created_at) values ('order.status_changed', 'order', 'SO-X', '{"to": "teleported"}', now())`,
    );

    const port = await freePort();
    const worker = runScript('main.ts', [], {
      ...serviceEnv(),
      ROLE: 'worker', METRICS_PORT: String(port), METRICS_TOKEN: token, LOG_LEVEL: 'warn', OUTBOX_POLL_SECONDS: '1',
      TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot,
    });
    closeAfterAll(async () => { worker.child.kill('SIGKILL'); });
    await waitForOk(`http://127.0.0.1:${port}/healthz`);

    const metrics = `http://127.0.0.1:${port}/metrics`;
    const refused = await fetch(metrics);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await fetch(metrics, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);

    const scrape = async () => samples(await (await fetch(metrics, { headers: { authorization: `Bearer ${token}` } })).text());
    await eventually('two confirmations sent and one refused', async () => {
      const now = await scrape();
      return now.get('orderchat_notifications_settled_total{channel="telegram",outcome="sent"}') === 2 && now.get('orderchat_notifications{channel="telegram",status="failed"}') === 1;
    }, 20_000);
    const figures = await scrape();
    expect(figures.get('orderchat_notifications_rate_limited_total{channel="telegram"}')).toBe(1);
    expect(figures.get('orderchat_outbox_dead_letters')).toBe(1);
    expect(figures.get('orderchat_outbox_lag_seconds')).toBe(0);
    for (const queue of ['notifications', 'events', 'maintenance']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(figures.has(`orderchat_queue_jobs{queue="${queue}",state="${state}"}`), `${queue} ${state}`).toBe(true);
    }
    expect(figures.get('process_resident_memory_bytes')).toBeGreaterThan(0);

    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 60_000);
});
