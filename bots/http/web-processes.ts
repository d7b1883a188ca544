import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../../core/shared/logger.ts';
import type { Config } from '../../core/shared/config.ts';

/** The web processes a primary process runs. */
export interface WebProcesses {
  /** Stops every web process gracefully (SIGTERM: they finish in-flight requests) and waits for them. */
  stop(): Promise<void>;
}

/** One web process: this script again, as `ROLE=web`, numbered (a replacement keeps the number). */
const fork = (index: number, env: Record<string, string>): Worker => cluster.fork({ ...env, ROLE: 'web', WEB_PROCESSES: '1', WEB_PROCESS_INDEX: String(index) });

/**
 * Forks `count` web processes of this script (node:cluster) that share one port, each with its
 * own database pool; they run as `ROLE=web`, with `env` on top of this process's environment
 * (the database it chose). One that dies is started again; `onListening` runs once all listen.
 * The primary serves nothing itself.
 */
export function forkWebProcesses(count: number, env: Record<string, string>, logger: Logger, onListening: () => void): WebProcesses {
  let stopping = false;
  let listening = 0;
  // The primary prepared the database (and the demo data): the web processes only serve.
  cluster.setupPrimary({ args: process.argv.slice(2).filter((arg) => arg !== '--demo') });
  cluster.on('listening', () => {
    listening += 1;
    if (listening === count) onListening();
  });
  const indexOf = new Map<number, number>();
  const start = (index: number) => indexOf.set(fork(index, env).id, index);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'web process died; starting another');
    start(indexOf.get(worker.id) ?? 0);
  });
  for (let i = 0; i < count; i += 1) start(i);
  logger.info({ processes: count }, 'web processes started');
  return {
    async stop() {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
      await Promise.all(workers.map((worker) => new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        if (worker.isDead()) resolve();
        else worker.process.kill('SIGTERM');
      })));
    },
  };
}

/** True in a process forked by `forkWebProcesses`. */
export const isWebProcess = (): boolean => cluster.isWorker;

/**
 * Whether this process talks to Telegram for the service (registers the webhook, or polls):
 * one process does, the first web process when there are several (two pollers are refused).
 */
export const startsTelegram = (config: Pick<Config, 'WEB_PROCESS_INDEX'>): boolean => !cluster.isWorker || config.WEB_PROCESS_INDEX === 0;
