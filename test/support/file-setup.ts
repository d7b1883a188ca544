import { afterAll, beforeAll, inject } from 'vitest';
import { Redis } from 'ioredis';
import { cloneTemplate, dropDatabase, onServer, testRedisUrl } from './databases.ts';
import { testContext } from './context.ts';

/** Every test file gets its own database (cloned from the migrated template) and BullMQ prefix. */
beforeAll(async () => {
  const name = `orderchat_t_${process.pid}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  testContext.databaseName = name;
  testContext.databaseUrl = await cloneTemplate(name, inject('templateDatabase'));
  testContext.bullPrefix = `test-${name}`;
});

afterAll(async () => {
  for (const close of testContext.cleanups.splice(0).reverse()) await close();
  await onServer((client) => dropDatabase(client, testContext.databaseName));
  const redis = new Redis(testRedisUrl, { lazyConnect: true });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${testContext.bullPrefix}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
});
