import { Client, escapeIdentifier } from 'pg';

/** The PostgreSQL server the bench runs on (trust auth for user postgres). */
export const benchServerUrl = 'postgres://postgres@127.0.0.1:5432';

/** Connection URL of database `name` on the bench server. */
export function benchDatabaseUrl(name: string): string {
  return `${benchServerUrl}/${name}`;
}

async function onMaintenanceDatabase(statement: string): Promise<void> {
  const client = new Client({ connectionString: benchDatabaseUrl('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Drops database `name`, disconnecting anyone still using it. */
export async function dropDatabase(name: string): Promise<void> {
  await onMaintenanceDatabase(`drop database if exists ${escapeIdentifier(name)} with (force)`);
}

/** Creates an empty database `name` (which must not exist). */
export async function createDatabase(name: string): Promise<void> {
  await onMaintenanceDatabase(`create database ${escapeIdentifier(name)}`);
}

/** Counters of one database from `pg_stat_database` (cumulative since the statistics were reset). */
export interface DatabaseActivity {
  /** Sessions (connections) established. */
  sessions: number;
  commits: number;
  rollbacks: number;
}

/**
 * The activity counters of database `name`. The statistics collector publishes them with a
 * delay of up to half a second, so read them a moment after the activity of interest.
 */
export async function databaseActivity(name: string): Promise<DatabaseActivity> {
  const client = new Client({ connectionString: benchDatabaseUrl('postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ sessions: string; commits: string; rollbacks: string }>(
      'select sessions, xact_commit as commits, xact_rollback as rollbacks from pg_stat_database where datname = $1', [name],
    );
    const row = rows[0];
    return { sessions: Number(row?.sessions ?? 0), commits: Number(row?.commits ?? 0), rollbacks: Number(row?.rollbacks ?? 0) };
  } finally {
    await client.end();
  }
}
