import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runScript, waitForOk } from '../support/process.ts';
import { testContext } from '../support/context.ts';
import { embeddedDataRoot } from '../support/data-dir.ts';

const dataRoot = embeddedDataRoot('orderchat-embedded-');
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

/** PostgreSQL processes serving this data directory (none once the service stopped). */
const serversOf = (dataDir: string) => {
  try {
    return execFileSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('an embedded PostgreSQL (issue 25)', () => {
  it('EMBEDDED=1 without DATABASE_URL: the demo runs on a PostgreSQL of its own (migrated, btree_gist included), kept in the data directory, stopped with the service', async () => {
    const dataDir = join(dataRoot, 'postgres');
    const env = { EMBEDDED: '1', EMBEDDED_DATA_DIR: dataDir, REDIS_URL: testContext.redisUrl, BULLMQ_PREFIX: `${testContext.bullPrefix}:embedded`, LOG_LEVEL: 'info' };
    for (const round of ['first start: the cluster is created', 'second start: the same data']) {
      const port = await freePort();
      const service = runScript('main.ts', ['--demo'], { ...env, PORT: String(port) });
      try {
        await waitForOk(`http://127.0.0.1:${port}/readyz`, 90_000).catch((error: unknown) => {
          throw new Error(`${String(error)}\n${service.stdout()}\n${service.stderr()}`);
        });
        expect(service.stdout(), round).toMatch(/INFO: no DATABASE_URL: running on an embedded PostgreSQL/);
        expect((await fetch(`http://127.0.0.1:${port}/chat`)).status).toBe(200);
        expect(serversOf(dataDir).length).toBeGreaterThan(0);
        service.child.kill('SIGTERM');
        expect((await service.exited).code).toBe(0);
        // Its own graceful shutdown ran to the end (the package's exit hook does not cut it short).
        expect(service.stdout()).toMatch(/INFO: stopped/);
        expect(serversOf(dataDir)).toEqual([]);
        // Seeded once: the second start finds the catalogue and does not seed again.
        expect(service.stdout().includes('demo data seeded'), round).toBe(round.startsWith('first'));
      } finally {
        service.child.kill('SIGKILL');
      }
    }
  }, 240_000);

  it('a service killed outright leaves its server behind; the next start stops that one and carries on', async () => {
    const dataDir = join(dataRoot, 'killed');
    const env = { EMBEDDED: '1', EMBEDDED_DATA_DIR: dataDir, REDIS_URL: testContext.redisUrl, BULLMQ_PREFIX: `${testContext.bullPrefix}:killed`, LOG_LEVEL: 'info' };
    const firstPort = await freePort();
    const first = runScript('main.ts', [], { ...env, PORT: String(firstPort) });
    const port = await freePort();
    try {
      await waitForOk(`http://127.0.0.1:${firstPort}/readyz`, 90_000);
      first.child.kill('SIGKILL');
      await first.exited;
      expect(serversOf(dataDir).length).toBeGreaterThan(0);
      const second = runScript('main.ts', [], { ...env, PORT: String(port) });
      try {
        await waitForOk(`http://127.0.0.1:${port}/readyz`, 90_000);
        second.child.kill('SIGTERM');
        expect((await second.exited).code).toBe(0);
        expect(serversOf(dataDir)).toEqual([]);
      } finally {
        second.child.kill('SIGKILL');
      }
    } finally {
      first.child.kill('SIGKILL');
    }
  }, 240_000);

  it('an explicit DATABASE_URL that does not answer fails fast with one line naming it; nothing embedded starts', async () => {
    const port = await freePort();
    const service = runScript('main.ts', ['--demo'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/orderchat`, REDIS_URL: testContext.redisUrl, PORT: String(port), EMBEDDED_DATA_DIR: join(dataRoot, 'never') });
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    expect(service.stderr().trim().split('\n')).toHaveLength(1);
    expect(service.stderr()).toMatch(/^Cannot connect to PostgreSQL at .*DATABASE_URL/);
    expect(serversOf(join(dataRoot, 'never'))).toEqual([]);
  });
});
