import { testRedisUrl } from './databases.ts';

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
