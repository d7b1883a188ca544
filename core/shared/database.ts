import { Client, escapeIdentifier } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { redactUrl } from './config.ts';

/** Key of the Postgres advisory lock held while migrations run (any constant unique to this app). */
export const migrationLockKey = 4_242_001;

/** Raised when a dependency cannot be reached at start-up; main.ts prints the message and exits 1. */
export class DependencyUnavailableError extends Error {
  override name = 'DependencyUnavailableError';
}

/** URL of the maintenance database on the same server (used to create the application database). */
function maintenanceUrl(databaseUrl: string): { url: string; database: string } {
  const parsed = new URL(databaseUrl);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
  parsed.pathname = '/postgres';
  return { url: parsed.toString(), database };
}

async function connect(url: string, timeoutMs: number): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {
    // A dropped idle connection surfaces on the next query; nothing to do here.
  });
  await client.connect();
  return client;
}

/** Whether a PostgreSQL server answers at this URL (its maintenance database), within `timeoutMs`. */
export async function databaseAnswers(databaseUrl: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const client = await connect(maintenanceUrl(databaseUrl).url, timeoutMs);
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates the application database when it does not exist yet. Fails fast (no retries) with a
 * message naming the URL without its password when the server cannot be reached.
 */
export async function ensureDatabase(databaseUrl: string, timeoutMs = 3000): Promise<void> {
  const { url, database } = maintenanceUrl(databaseUrl);
  let client: Client;
  try {
    client = await connect(url, timeoutMs);
  } catch (error) {
    const reason = error instanceof Error ? (error as NodeJS.ErrnoException).code ?? error.message : String(error);
    throw new DependencyUnavailableError(
      `Cannot connect to PostgreSQL at ${redactUrl(databaseUrl)} (${reason}). ` +
        'Start it (README: "Starting PostgreSQL and Redis") or set DATABASE_URL.',
    );
  }
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${escapeIdentifier(database)}`).catch((error: { code?: string }) => {
        // 42P04: another process created it between our check and our create.
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations while holding a Postgres advisory lock, so that two processes
 * starting together never migrate at the same time: the second waits, then finds nothing to do.
 * Returns the names of the migrations this call applied.
 */
export async function migrateWithLock(orm: MikroORM, databaseUrl: string): Promise<string[]> {
  const lockClient = await connect(databaseUrl, 5000);
  try {
    await lockClient.query('select pg_advisory_lock($1)', [migrationLockKey]);
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
    await lockClient.end();
  }
}

/** True when `probe` succeeds within `timeoutMs` (a readiness check: a hung server is down too). */
export function answersWithin(probe: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const answered = probe.then(() => true, () => false);
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
  return Promise.race([answered, timeout]);
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function pingDatabase(orm: MikroORM, timeoutMs = 2000): Promise<boolean> {
  return answersWithin(orm.em.getConnection().execute('select 1'), timeoutMs);
}
