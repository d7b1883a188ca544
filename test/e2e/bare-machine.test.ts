import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../support/process.ts';
import { embeddedDataRoot } from '../support/data-dir.ts';

/**
 * A machine with only Node (issue 25): a network namespace of its own (loopback only), where
 * nothing listens on 5432 or 6379. `npm run demo` must run there by itself (embedded PostgreSQL,
 * queues in PostgreSQL), take an order through the web chat and confirm it, and stop cleanly.
 */
const namespace = `orderchat-bare-${process.pid}`;
const dataRoot = embeddedDataRoot('orderchat-bare-');

const inNamespace = (command: string, args: string[]) => ['netns', 'exec', namespace, command, ...args];
/** Processes still running in the namespace. */
const leftInNamespace = () => execFileSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8' }).split('\n').filter(Boolean);
/** Whether something accepts connections on `port` inside the namespace. */
const listening = (port: number) => {
  try {
    execFileSync('ip', inNamespace('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]), { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

afterAll(() => {
  for (const pid of leftInNamespace()) process.kill(Number(pid), 'SIGKILL');
  execFileSync('ip', ['netns', 'delete', namespace]);
  rmSync(dataRoot, { recursive: true, force: true });
});

describe('a bare machine: only Node, no PostgreSQL or Redis listening', () => {
  it('npm run demo starts by itself, takes a web chat order and confirms it, and stops on Ctrl+C leaving no process behind', async () => {
    execFileSync('ip', ['netns', 'add', namespace]);
    execFileSync('ip', inNamespace('ip', ['link', 'set', 'lo', 'up']));
    expect([listening(5432), listening(6379)]).toEqual([false, false]);

    const port = await freePort();
    // As a person at a terminal: its own process group, as a shell gives a foreground job.
    const demo = spawn('ip', inNamespace('npm', ['run', 'demo']), {
      cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      // Set but empty counts as unset, and keeps a developer's .env from naming servers.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), EMBEDDED_DATA_DIR: join(dataRoot, 'postgres'), DATABASE_URL: '', REDIS_URL: '', QUEUE_BACKEND: '' },
    });
    let output = '';
    demo.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    demo.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => demo.on('exit', (code, signal) => resolve(signal ?? code)));
    try {
      const visit = spawn('ip', inNamespace(process.execPath, [join(repoRoot, 'test/support/bare-machine-visit.ts'), `http://127.0.0.1:${port}`]), { stdio: ['ignore', 'pipe', 'pipe'] });
      let transcript = '';
      let failure = '';
      visit.stdout.on('data', (chunk: Buffer) => { transcript += chunk.toString(); });
      visit.stderr.on('data', (chunk: Buffer) => { failure += chunk.toString(); });
      const visited = await new Promise<number | null>((resolve) => visit.on('exit', resolve));
      expect(visited, `${failure}\n${output}`).toBe(0);
      const texts = JSON.parse(transcript) as string[];
      expect(texts.some((text) => /Order SO-\d{8}-\d{6} is placed/.test(text))).toBe(true);
      expect(texts.filter((text) => /Order SO-\d{8}-\d{6} is confirmed/.test(text))).toHaveLength(1);
      expect(output).toMatch(/no DATABASE_URL: running on an embedded PostgreSQL/);
      expect(output).toMatch(/no Redis answers: the job queues run on PostgreSQL/);

      // Ctrl+C reaches the whole foreground group: npm passes it on and ends by it, as npm does;
      // the service drains and stops its embedded server last, with no error on the way.
      process.kill(-demo.pid!, 'SIGINT');
      expect(await exited, output).toBe('SIGINT');
      expect(output).toMatch(/INFO: stopped/);
      expect(output).not.toMatch(/ERROR|WARN/);
      const deadline = Date.now() + 10_000;
      while (leftInNamespace().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(leftInNamespace()).toEqual([]);
    } finally {
      try {
        process.kill(-demo.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 300_000);
});
