import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../core/shared/config.ts';
import { createLogger } from '../core/shared/logger.ts';
import { ensureDatabase, migrateWithLock, pingDatabase } from '../core/shared/database.ts';
import { createOrm, type MikroORM } from '../core/db.ts';
import { createCoreServices } from '../core/services.ts';
import { buildWebApp } from '../bots/http/web.ts';
import { createRedis, pingRedis } from '../jobs/redis.ts';
import { createApiKey } from '../core/staff/index.ts';
import { benchDatabaseUrl, dropDatabase } from './databases.ts';

/** Fresh database the system under test runs on; dropped at start and at the end. */
export const benchDatabase = 'orderchat_bench';

/** The system under test: the real web app on a free port, its ORM and an API key. */
export interface BenchTarget {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Plain API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  orm: MikroORM;
  /** Stops the server, closes Redis and the ORM, drops the bench database. */
  close(): Promise<void>;
}

/**
 * Stands the web process up the way main.ts does (same config, ORM, core services and express
 * app), on a freshly migrated `orderchat_bench` database. The listen backlog is raised so the
 * hot-SKU burst of 1,000 simultaneous connections is not throttled by SYN retries.
 */
export async function startTarget(): Promise<BenchTarget> {
  const databaseUrl = benchDatabaseUrl(benchDatabase);
  await dropDatabase(benchDatabase);
  const config = parseConfig({
    DATABASE_URL: databaseUrl, REDIS_URL: 'redis://127.0.0.1:6379', BULLMQ_PREFIX: 'bench', PORT: '0',
    LOG_LEVEL: 'silent', APPROVAL_THRESHOLD_MINOR: '100000000',
  });
  const logger = createLogger(config.LOG_LEVEL);
  await ensureDatabase(databaseUrl);
  const orm = await createOrm({ databaseUrl, poolSize: 20 });
  await migrateWithLock(orm, databaseUrl);
  const core = createCoreServices(orm, config);
  const redis = createRedis(config.REDIS_URL, logger, 'bench');
  const readinessChecks = { database: () => pingDatabase(orm), redis: () => pingRedis(redis) };
  // No queues: Bull Board stays off without ADMIN_USER, and the bench measures the request path only.
  const app = buildWebApp({ config, logger, core, readinessChecks, queues: [] });
  const server = http.createServer(app);
  server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const apiKey = (await createApiKey(orm.em.fork(), 'bench')).plain;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    orm,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
      await orm.close();
      await dropDatabase(benchDatabase);
    },
  };
}
