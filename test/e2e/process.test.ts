import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { freePort, repoRoot, runScript, waitForOk } from '../support/process.ts';
import { serviceEnv } from '../support/context.ts';
import { testOrm } from '../support/app.ts';
import { hashApiKey } from '../../core/staff/index.ts';

function baseEnv(port: number): Record<string, string> {
  return {
    ...serviceEnv(),
    PORT: String(port),
    LOG_LEVEL: 'info',
  };
}

const logLines = (text: string) => text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
/** The demo's readable log lines (`[16:30:44] INFO: stopped {"signal":"SIGTERM"}`): level and message. */
const demoLines = (text: string) => text.split('\n').flatMap((line) => {
  const parsed = /^\[\d{2}:\d{2}:\d{2}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): (.*?)(?: \{.*\})?\s*$/.exec(line);
  return parsed ? [{ level: parsed[1]!, msg: parsed[2]! }] : [];
});

// Every test here starts processes (a cold Node start, a database connection each): on a busy
// machine (the suite running beside another) a few of them take most of a minute.
describe('the service process', { timeout: 90_000 }, () => {
  it('starts with demo data, serves, and exits 0 within 10 s of SIGTERM while busy, logging no error', async () => {
    const port = await freePort();
    const service = runScript('main.ts', ['--demo'], baseEnv(port));
    try {
      await waitForOk(`http://127.0.0.1:${port}/readyz`);
      expect(service.stdout()).toContain(`http://localhost:${port}/healthz`);

      // Keep requests in flight while the signal arrives.
      const control = { stop: false };
      const load = (async () => {
        let answered = 0;
        while (!control.stop) {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`);
            await response.arrayBuffer();
            answered += 1;
          } catch {
            break; // the listener closed, as it should
          }
        }
        return answered;
      })();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const signalledAt = Date.now();
      service.child.kill('SIGTERM');
      const exit = await service.exited;
      control.stop = true;
      expect(await load).toBeGreaterThan(0);
      expect(exit.code).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(10_000);
      // The demo logs for a person: readable lines, not JSON.
      expect(logLines(service.stdout())).toEqual([]);
      const lines = demoLines(service.stdout());
      expect(lines.filter((line) => line.level === 'ERROR' || line.level === 'FATAL')).toEqual([]);
      expect(lines.map((line) => line.msg)).toContain('stopped');
      expect(service.stderr().trim()).toBe('');
    } finally {
      service.child.kill('SIGKILL');
    }
  });

  it('DATABASE_URL=nonsense prints one line naming DATABASE_URL and exits 1', async () => {
    const run = runScript('main.ts', [], { ...baseEnv(await freePort()), DATABASE_URL: 'nonsense' });
    const exit = await run.exited;
    expect(exit.code).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DATABASE_URL');
    expect(run.stdout()).toBe('');
  });

  it('an unreachable PostgreSQL or Redis is named with its URL (password hidden), exit 1, no retry storm', async () => {
    const pgDown = runScript('main.ts', [], { ...baseEnv(await freePort()), DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/orderchat' });
    expect((await pgDown.exited).code).toBe(1);
    expect(pgDown.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^Cannot connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/orderchat .*README/)]);

    // An explicit REDIS_URL is obeyed even by the demo: no silent fallback to queues in PostgreSQL.
    const redisDown = runScript('main.ts', ['--demo'], { ...baseEnv(await freePort()), QUEUE_BACKEND: '', REDIS_URL: 'redis://127.0.0.1:1' });
    expect((await redisDown.exited).code).toBe(1);
    expect(redisDown.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^Cannot connect to Redis at redis:\/\/127\.0\.0\.1:1 /)]);

    // No retry storm: a "Redis" that hangs up on every connection is tried once, then the process gives up.
    let connections = 0;
    const hangUp = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    hangUp.listen(0, '127.0.0.1');
    await once(hangUp, 'listening');
    try {
      const { port } = hangUp.address() as AddressInfo;
      const refused = runScript('main.ts', [], { ...baseEnv(await freePort()), QUEUE_BACKEND: 'redis', REDIS_URL: `redis://127.0.0.1:${port}` });
      expect((await refused.exited).code).toBe(1);
      expect(refused.stderr().trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^Cannot connect to Redis at redis://127\\.0\\.0\\.1:${port} `))]);
      expect(connections).toBe(1);
    } finally {
      hangUp.close();
    }
  });

  it('cli api-key create prints the key once on its last line and stores only its hash', async () => {
    const run = runScript('cli.ts', ['api-key', 'create', '--name', 'shop'], baseEnv(0));
    expect((await run.exited).code).toBe(0);
    const key = run.stdout().trim().split('\n').at(-1)!;
    expect(key).toMatch(/^oc_[\w-]{40,}$/);
    const orm = await testOrm(1);
    const rows = await orm.em.getConnection().execute<{ name: string; hash: string }[]>("select name, hash from api_key where name = 'shop'");
    expect(rows).toEqual([{ name: 'shop', hash: hashApiKey(key) }]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('cli staff add / list / remove manage the Slack staff directory; a bad role is a usage error', async () => {
    const add = runScript('cli.ts', ['staff', 'add', '--slack', 'U0CLITEST', '--name', 'Li Lei', '--role', 'manager'], baseEnv(0));
    expect((await add.exited).code).toBe(0);
    expect(add.stdout()).toContain('Staff Li Lei (U0CLITEST) is manager');
    const bad = runScript('cli.ts', ['staff', 'add', '--slack', 'U0CLITEST', '--name', 'Li Lei', '--role', 'boss'], baseEnv(0));
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr().trim()).toBe('staff add: role must be one of agent, supervisor, manager, finance, credit, production, front_desk, driver, admin');
    const list = runScript('cli.ts', ['staff', 'list'], baseEnv(0));
    await list.exited;
    expect(list.stdout()).toContain('U0CLITEST\tmanager\tactive\tLi Lei');
    const remove = runScript('cli.ts', ['staff', 'remove', '--slack', 'U0CLITEST'], baseEnv(0));
    expect((await remove.exited).code).toBe(0);
    const orm = await testOrm(1);
    expect(await orm.em.getConnection().execute("select active from staff_member where slack_user_id = 'U0CLITEST'")).toEqual([{ active: false }]);
  });

  it('cli routes plan reads a stops file and prints the routes as JSON, without a database', async () => {
    const lines = readFileSync(join(repoRoot, 'test', 'fixtures', 'berlin52.tsp'), 'utf8').split('\n').filter((line) => /^\d+\s/.test(line));
    const [depot, ...cities] = lines.map((line) => line.trim().split(/\s+/).map(Number));
    const file = join(tmpdir(), `stops-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ depot: { x: depot![1], y: depot![2] }, stops: cities.map(([id, x, y]) => ({ id, x, y })), vehicles: [{ id: 'van' }] }));
    const run = runScript('cli.ts', ['routes', 'plan', '--file', file, '--time-limit-ms', '3000'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect((await run.exited).code).toBe(0);
    const plan = JSON.parse(run.stdout()) as { routes: Array<{ vehicle: string; stops: string[] }>; totalDistance: number };
    expect(plan.routes[0]!.stops).toHaveLength(51);
    // Within 8 % of the optimum (7542) even when a busy machine leaves it little CPU in its time.
    expect(plan.totalDistance).toBeLessThanOrEqual(7542 * 1.08);

    writeFileSync(file, JSON.stringify({ depot: { x: 0, y: 0 }, stops: [{ id: 'a', x: 1 }], vehicles: [] }));
    const bad = runScript('cli.ts', ['routes', 'plan', '--file', file], {});
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr()).toMatch(/^Invalid plan file: /);
  });

  it('cli routes plan --vrp reads a CVRPLIB file and prints {routes, distance}; a bad file exits 2 with the reason and prints nothing', async () => {
    const instance = join(repoRoot, 'test', 'fixtures', 'cvrp', 'A-n32-k5.vrp');
    const run = runScript('cli.ts', ['routes', 'plan', '--vrp', instance, '--vehicles', '5', '--seconds', '2'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect((await run.exited).code).toBe(0);
    const plan = JSON.parse(run.stdout()) as { routes: number[][]; distance: number };
    expect(plan.routes.length).toBeLessThanOrEqual(5);
    expect(plan.routes.flat().toSorted((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, index) => index + 2));
    // Within 8 % of the proven optimum (784) even when a busy machine leaves it little CPU in its
    // two seconds; `npm run bench -- --only "route planning"` measures how close it gets.
    expect(plan.distance).toBeLessThanOrEqual(784 * 1.08);

    const file = join(tmpdir(), `bad-${process.pid}.vrp`);
    writeFileSync(file, readFileSync(instance, 'utf8').replace('2 19 ', '2 190 '));
    const bad = runScript('cli.ts', ['routes', 'plan', '--vrp', file], {});
    expect((await bad.exited).code).toBe(2);
    expect([bad.stdout(), bad.stderr().trim()]).toEqual(['', `${file}: Node 2 needs 190, more than a vehicle's capacity 100`]);
    const tooFew = runScript('cli.ts', ['routes', 'plan', '--vrp', instance, '--vehicles', '2', '--seconds', '0.2'], {});
    expect((await tooFew.exited).code).toBe(2);
    expect(tooFew.stderr()).toMatch(/These stops need \d+ vehicles; 2 given/);
  });
});
