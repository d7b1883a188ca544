import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const mainScript = fileURLToPath(new URL('../main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Resident memory of a process, from `/proc/<pid>/status`. */
export interface ProcessMemory {
  /** `VmRSS`: resident now. */
  rssMiB: number;
  /** `VmHWM`: the most it has been resident so far. */
  peakRssMiB: number;
}

/** `node main.ts` running as its own process. */
export interface AppProcess {
  url: string;
  pid: number;
  memory(): Promise<ProcessMemory>;
  /** SIGTERM, as an orchestrator stops it; resolves when it has exited (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function readMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rssMiB: mib('VmRSS'), peakRssMiB: mib('VmHWM') };
}

/**
 * Starts `main.ts` on this Node (24, from the pinned devDependency) with exactly `env` (plus
 * PATH, HOME and the port) and resolves once `/readyz` answers 200. Rejects with its stderr
 * when it exits or is not ready within `readyTimeoutMs`.
 */
export async function startAppProcess(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [mainScript], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit').catch(() => undefined);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`main.ts exited with code ${child.exitCode} before it was ready:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`main.ts was not ready within ${readyTimeoutMs} ms:\n${stderr}`);
    }
    const ready = await fetch(`${url}/readyz`).then((response) => response.ok, () => false);
    if (ready) break;
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    memory: () => readMemory(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}
