import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { freePort, runScript, waitForOk } from '../support/process.ts';
import { serviceEnv } from '../support/context.ts';

function env(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return { ...serviceEnv(), PORT: String(port), LOG_LEVEL: 'info', ...extra };
}

const messages = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => (JSON.parse(line) as { msg: string }).msg);

async function waitForLog(read: () => string, text: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in output:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Each test starts service processes: on a busy machine (the suite beside another) that takes most of a minute.
describe('process roles', { timeout: 90_000 }, () => {
  it('ROLE=web serves HTTP and runs no workers; ROLE=worker runs workers and opens no port', async () => {
    const webPort = await freePort();
    const web = runScript('main.ts', [], env(webPort, { ROLE: 'web' }));
    const workerPort = await freePort();
    const worker = runScript('main.ts', [], env(workerPort, { ROLE: 'worker' }));
    try {
      await waitForOk(`http://127.0.0.1:${webPort}/healthz`);
      await waitForLog(worker.stdout, '"msg":"started"');
      await expect(fetch(`http://127.0.0.1:${workerPort}/healthz`)).rejects.toThrow('fetch failed');
      web.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      expect((await web.exited).code).toBe(0);
      expect((await worker.exited).code).toBe(0);
      expect(messages(web.stdout())).not.toContain('workers started');
      expect(messages(worker.stdout())).toContain('workers started');
      expect(messages(worker.stdout()).some((msg) => msg.startsWith('listening'))).toBe(false);
    } finally {
      web.child.kill('SIGKILL');
      worker.child.kill('SIGKILL');
    }
  });

  it('with its Redis stopped, /readyz answers 503 naming Redis, and comes back when Redis does', async () => {
    const redisPort = await freePort();
    const startRedis = () => spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    let redis = startRedis();
    const port = await freePort();
    const service = runScript('main.ts', [], env(port, { REDIS_URL: `redis://127.0.0.1:${redisPort}`, ROLE: 'web' }));
    try {
      await waitForOk(`http://127.0.0.1:${port}/readyz`);
      redis.kill('SIGTERM');
      await new Promise((resolve) => redis.once('exit', resolve));
      const down = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(down.status).toBe(503);
      const body = (await down.json()) as { checks: Record<string, string>; error: { message: string } };
      expect(body.checks).toEqual({ database: 'up', redis: 'down' });
      expect(body.error.message).toMatch(/redis/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      redis = startRedis();
      await waitForOk(`http://127.0.0.1:${port}/readyz`, 30_000);
      service.child.kill('SIGTERM');
      expect((await service.exited).code).toBe(0);
    } finally {
      service.child.kill('SIGKILL');
      redis.kill('SIGKILL');
    }
  });
});
