import { testQueueBackend, testRedisUrl } from './databases.ts';

/** Per-test-file resources, filled by `file-setup.ts` before the file's own hooks run. */
export const testContext = {
  databaseName: '',
  databaseUrl: '',
  bullPrefix: '',
  redisUrl: testRedisUrl,
  /** Closers run after the file (apps, ORMs, Redis connections), last registered first. */
  cleanups: [] as Array<() => Promise<void>>,
};

/** Registers something to close after the file's tests. */
export function closeAfterAll(close: () => Promise<void>): void {
  testContext.cleanups.push(close);
}

/**
 * The environment of a service process on this file's database, queues (Redis, or PostgreSQL in
 * `npm run test:embedded`) and BullMQ prefix.
 */
export function serviceEnv(): Record<string, string> {
  return { DATABASE_URL: testContext.databaseUrl, REDIS_URL: testContext.redisUrl, BULLMQ_PREFIX: testContext.bullPrefix, QUEUE_BACKEND: testQueueBackend };
}
