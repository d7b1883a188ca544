import { Redis } from 'ioredis';

/** The Redis server the bench runs on. */
export const benchRedisUrl = 'redis://127.0.0.1:6379';

/** BullMQ prefix of everything the bench enqueues; every key under it is deleted before and after a run. */
export const benchBullPrefix = 'bench';

/**
 * Deletes every key starting with `<prefix>:` (queues, jobs, rate-limiter slots), so a run
 * starts without the jobs a crashed earlier run left behind. SCAN, not KEYS: Redis stays responsive.
 */
export async function deleteKeysWithPrefix(prefix: string, url = benchRedisUrl): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
