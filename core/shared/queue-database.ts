import { Pool } from 'pg';
import { redactUrl } from './config.ts';
import { answersWithin } from './database.ts';
import type { Logger } from './logger.ts';
import type { InputLimitStore, SlotStore } from './limit-stores.ts';
import { postgresInputLimits, postgresSlots, sweepLimits } from './postgres-limits.ts';

/** The connection settings of `openQueueDatabase` (the configuration's DB_* settings). */
export interface QueueDatabaseOptions {
  databaseUrl: string;
  poolSize: number;
  acquireTimeoutMs: number;
  statementTimeoutMs: number;
  /** Names the connections (`application_name`). */
  name: string;
  logger: Logger;
}

/** The pool the job queues run on without Redis, and the limits' state over it. */
export interface QueueDatabase {
  /** For BullMQ's PostgreSQL backend (schema `bullmq` first on the search path). */
  pool: Pool;
  slots: SlotStore;
  inputs: InputLimitStore;
  /** True when the pool answers `select 1` within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** How often lapsed limiter rows are deleted. */
const sweepEveryMs = 60_000;

/**
 * Opens the pool of the mode without Redis: BullMQ's tables and functions first on the search
 * path, the application's limit functions after; a lost connection is logged once per outage.
 */
export function openQueueDatabase(options: QueueDatabaseOptions): QueueDatabase {
  const { databaseUrl, logger } = options;
  const pool = new Pool({
    connectionString: databaseUrl,
    options: '-c search_path=bullmq,public',
    application_name: `orderchat:${options.name}:queues`,
    // Each worker holds one connection for LISTEN; the rest serve jobs and limits.
    max: options.poolSize + 3,
    connectionTimeoutMillis: options.acquireTimeoutMs,
    ...(options.statementTimeoutMs > 0 && { statement_timeout: options.statementTimeoutMs }),
    keepAlive: true,
  });
  // Every queue and worker BullMQ opens on the pool listens for its errors (three queues, the
  // relay's three and three workers, more in the bench).
  pool.setMaxListeners(50);
  let down = false;
  pool.on('error', (error) => {
    if (down) return;
    down = true;
    logger.warn({ database: redactUrl(databaseUrl), err: error.message }, 'queue connection to PostgreSQL lost; reconnecting');
  });
  pool.on('connect', () => {
    down = false;
  });
  const sweep = setInterval(() => void sweepLimits(pool).catch(() => undefined), sweepEveryMs).unref();
  return {
    pool,
    slots: postgresSlots(pool),
    inputs: postgresInputLimits(pool),
    ping: (timeoutMs = 1000) => answersWithin(pool.query('select 1'), timeoutMs),
    close: async () => {
      clearInterval(sweep);
      // pool.end() resolves once every client is removed, before their sockets have closed: a
      // server stopping right after (the embedded one, last in the shutdown) would end them with
      // an error that is no news. Errors of a pool being closed go nowhere.
      pool.removeAllListeners('error');
      pool.on('error', () => undefined);
      await pool.end();
    },
  };
}
