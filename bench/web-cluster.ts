import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAppProcess, type AppProcess } from './app-process.ts';
import { childPids } from './process-cpu.ts';
import { announce } from './progress.ts';
import type { BenchTarget } from './target.ts';

/** `node main.ts` as deployed for the web: `ROLE=web` with one web process per CPU on one port. */
export interface WebCluster {
  app: AppProcess;
  /** Pids of the web processes (node:cluster workers); the primary serves nothing. */
  webPids: number[];
}

const startTimeoutMs = 30_000;

/** Waits until the primary has forked `count` web processes (it answers /readyz once one listens). */
async function waitForWebProcesses(primaryPid: number, count: number): Promise<number[]> {
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const pids = await childPids(primaryPid);
    if (pids.length >= count) return pids;
    if (Date.now() > deadline) throw new Error(`main.ts forked ${pids.length} of ${count} web processes within ${startTimeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Starts `main.ts` with `ROLE=web` and `WEB_PROCESSES` = the number of CPUs, on the database,
 * Redis and BullMQ prefix the in-process target prepared, with its approval threshold (so no
 * bench order waits for approval) and the default pool of `DB_POOL_SIZE` per process. Empty
 * platform tokens keep a developer's `.env` from switching real Telegram or Slack on.
 */
export async function startWebCluster(target: BenchTarget): Promise<WebCluster> {
  const webProcesses = os.availableParallelism();
  announce(`starting main.ts with ROLE=web, WEB_PROCESSES=${webProcesses}`);
  const { config } = target;
  const app = await startAppProcess({
    ROLE: 'web', WEB_PROCESSES: String(webProcesses),
    DATABASE_URL: config.DATABASE_URL, REDIS_URL: config.REDIS_URL, BULLMQ_PREFIX: config.BULLMQ_PREFIX,
    LOG_LEVEL: 'silent', APPROVAL_THRESHOLD_MINOR: String(config.APPROVAL_THRESHOLD_MINOR),
    TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '',
  });
  try {
    const webPids = await waitForWebProcesses(app.pid, webProcesses);
    // The processes were forked together; give the slower ones a moment to listen. The loads
    // also reconnect after their warm-up, so connections are spread over all of them.
    await sleep(1000);
    return { app, webPids };
  } catch (error) {
    await app.stop();
    throw error;
  }
}
