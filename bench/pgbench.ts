import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createDatabase, dropDatabase } from './databases.ts';
import { announce, tickSeconds } from './progress.ts';

const run = promisify(execFile);

/** Scratch database for pgbench, on the same server as the bench database. */
export const pgbenchDatabase = 'orderchat_bench_pgbench';

/** A TPC-B-like pgbench run. */
export interface PgbenchOptions {
  /** `-c`: concurrent client connections. */
  clients: number;
  /** `-j`: pgbench worker threads. */
  threads: number;
  /** `-T`: length of the run in seconds. */
  durationSeconds: number;
}

const connection = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];

/** The scale pgbench is initialised at: one branch row per client (`-s` 16 means 16 branches, 1.6 million accounts). */
export const pgbenchScale = (clients: number): number => clients;

/**
 * Measures what this PostgreSQL server does on the standard TPC-B-like script, so order
 * throughput can be read relative to the machine. Initialises a scratch database at a scale of
 * one branch per client (every transaction updates one of the `scale` branch rows, so a smaller
 * scale makes pgbench's clients queue on each other's row locks and understates the server),
 * runs, drops it, and returns the transactions per second pgbench reports.
 */
export async function runPgbench({ clients, threads, durationSeconds }: PgbenchOptions): Promise<number> {
  const scale = pgbenchScale(clients);
  await dropDatabase(pgbenchDatabase);
  await createDatabase(pgbenchDatabase);
  try {
    announce(`pgbench: initialising scale ${scale}`);
    await run('pgbench', ['-i', '-q', '-s', String(scale), ...connection, pgbenchDatabase]);
    const stop = tickSeconds(`pgbench -c ${clients} -j ${threads}`, durationSeconds);
    const args = ['-c', String(clients), '-j', String(threads), '-T', String(durationSeconds), ...connection, pgbenchDatabase];
    const { stdout } = await run('pgbench', args).finally(stop);
    const tps = /^tps = ([\d.]+)/m.exec(stdout)?.[1];
    if (tps === undefined) throw new Error(`pgbench printed no "tps = " line:\n${stdout}`);
    return Number(tps);
  } finally {
    await dropDatabase(pgbenchDatabase);
  }
}
