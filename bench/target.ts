import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig, type Config } from '../core/shared/config.ts';
import { createLogger } from '../core/shared/logger.ts';
import { ensureDatabase, migrateWithLock } from '../core/shared/database.ts';
import { createOrm, type MikroORM } from '../core/db.ts';
import { createCoreServices, type CoreServices } from '../core/services.ts';
import { buildWebApp } from '../bots/http/web.ts';
import { createChatFrontEnds } from '../bots/chat.ts';
import { createRedis, pingRedis } from '../jobs/redis.ts';
import { systemActor } from '../core/shared/actor.ts';
import { FakeTelegramApi } from '../test/fakes/telegram-api.ts';
import { benchDatabaseUrl, dropDatabase } from './databases.ts';
import { benchBullPrefix, benchRedisUrl, deleteKeysWithPrefix } from './redis-keys.ts';

/** Fresh database the system under test runs on; dropped at start and at the end. */
export const benchDatabase = 'orderchat_bench';

/** The system under test: the real web app on a free port, its ORM and an API key. */
export interface BenchTarget {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Plain API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** The configuration the web app runs with (bench database and Redis prefix, fake Telegram). */
  config: Config;
  orm: MikroORM;
  /** Core services on `orm`, for scenarios that act as another front end would. */
  core: CoreServices;
  /** The fake Bot API every Telegram call of the bench goes to; it records them all. */
  telegramApi: FakeTelegramApi;
  /** Value of `X-Telegram-Bot-Api-Secret-Token` that `POST /telegram/webhook` accepts. */
  telegramWebhookSecret: string;
  /** Stops the server and the fake, closes Redis and the ORM, drops the bench database and Redis keys. */
  close(): Promise<void>;
}

const telegramWebhookSecret = 'bench-webhook-secret';

/**
 * Stands the web process up the way main.ts does (same config, ORM, core services, chat front
 * ends and express app), on a freshly migrated `orderchat_bench` database, with Telegram in
 * webhook mode against a fake Bot API. The listen backlog is raised so a burst of simultaneous
 * connections is not throttled by SYN retries. Order intake and the hot SKU run against
 * `main.ts` instead (bench/web-cluster.ts), on this target's database.
 */
export async function startTarget(): Promise<BenchTarget> {
  const databaseUrl = benchDatabaseUrl(benchDatabase);
  await dropDatabase(benchDatabase);
  await deleteKeysWithPrefix(benchBullPrefix);
  const telegramApi = new FakeTelegramApi();
  const config = parseConfig({
    DATABASE_URL: databaseUrl, REDIS_URL: benchRedisUrl, BULLMQ_PREFIX: benchBullPrefix, PORT: '0',
    LOG_LEVEL: 'silent', APPROVAL_THRESHOLD_MINOR: '100000000',
    TELEGRAM_BOT_TOKEN: telegramApi.token, TELEGRAM_API_ROOT: await telegramApi.start(), TELEGRAM_WEBHOOK_SECRET: telegramWebhookSecret,
  });
  const logger = createLogger(config.LOG_LEVEL);
  await ensureDatabase(databaseUrl);
  const orm = await createOrm({ databaseUrl, poolSize: 20 });
  await migrateWithLock(orm, databaseUrl);
  const core = createCoreServices(orm, config);
  const redis = createRedis(config.REDIS_URL, logger, 'bench');
  const chat = createChatFrontEnds(config, core, logger, { webchatSecret: config.WEBCHAT_SECRET ?? await core.webchatSecret() });
  const readinessChecks = { database: () => core.pingDatabase(), redis: () => pingRedis(redis) };
  // No queues: Bull Board stays off without ADMIN_USER, and the bench measures the request path only.
  const app = buildWebApp({ config, logger, core, readinessChecks, queues: [], chatRoutes: chat.routes });
  const server = http.createServer(app);
  server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 });
  await once(server, 'listening');
  await chat.start();
  const { port } = server.address() as AddressInfo;
  const apiKey = (await core.staff.createApiKey('bench', ['admin'], systemActor)).plain;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    config,
    orm,
    core,
    telegramApi,
    telegramWebhookSecret,
    async close() {
      await chat.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await telegramApi.stop();
      redis.disconnect();
      await orm.close();
      await dropDatabase(benchDatabase);
      await deleteKeysWithPrefix(benchBullPrefix);
    },
  };
}
