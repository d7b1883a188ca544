import { beforeAll, describe, expect, it } from 'vitest';
import { createCoreServices, type CoreServices } from '../../core/services.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { relayOutboxBatch } from '../../jobs/outbox-relay.ts';
import { JobQueues, queuePrefix } from '../../jobs/queues.ts';
import { jobDefinitions } from '../../jobs/definitions.ts';
import { createRedis } from '../../jobs/redis.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { testConfig, testOrm } from '../support/app.ts';
import { closeAfterAll } from '../support/context.ts';
import { statementRecorder } from '../support/statement-recorder.ts';

const recorder = statementRecorder();
let core: CoreServices;
let ids: number[];
let relayed: number;

/**
 * Forty confirmations relayed (no worker runs here): their rows are pending, each is its chat's
 * only message, and the test plays the forty `notify.send` jobs that a worker runs side by side.
 */
beforeAll(async () => {
  const config = testConfig();
  const orm = await testOrm();
  core = createCoreServices(orm, config, systemClock);
  const redis = createRedis(config.REDIS_URL, createLogger('silent'), 'sending-test', { failFast: true });
  const queues = new JobQueues(redis, queuePrefix(config.BULLMQ_PREFIX, await core.installationId()), jobDefinitions);
  closeAfterAll(async () => {
    await queues.close();
    redis.disconnect();
  });
  const { sku } = await productWithStock(orm, 100);
  for (let i = 0; i < 40; i += 1) await chatOrder(core, { sku, chatId: String(4_400_000 + i) });
  relayed = await relayOutboxBatch(core.notifications, queues, { channels: new Set(['telegram']), staffLocale: 'en' });
  const rows = await orm.em.fork().getConnection().execute<Array<{ id: string }>>("select id from notification where status = 'pending' order by id");
  ids = rows.map((row) => Number(row.id));
});

describe('senders running side by side share their statements', () => {
  it('forty jobs look, claim and settle their rows in one statement each, and each row is claimed once', async () => {
    expect([relayed, ids.length]).toEqual([40, 40]);
    const looked = await recorder.during(() => Promise.all(ids.map((id) => core.notifications.look(id))));
    expect(looked.result.map((standing) => standing.state)).toEqual(ids.map(() => 'ready'));
    expect(looked.statements).toHaveLength(1);

    // A duplicate job for the first row asks at the same moment: only one of the two gets it.
    const claimed = await recorder.during(() => Promise.all([...ids, ids[0]!].map((id) => core.notifications.claim(id))));
    expect(claimed.result).toEqual([...ids.map(() => true), false]);
    expect(claimed.statements).toHaveLength(1);
    expect((await core.notifications.look(ids[1]!)).state).toBe('sending');

    const settled = await recorder.during(() => Promise.all(ids.map((id, i) => core.notifications.markSent(id, `m${i}`))));
    expect(settled.statements).toHaveLength(1);
    const again = await Promise.all(ids.map((id) => core.notifications.look(id)));
    expect(again.map((standing) => standing.state)).toEqual(ids.map(() => 'settled'));
    expect(await Promise.all(ids.map((id) => core.notifications.claim(id)))).toEqual(ids.map(() => false));
  });
});
