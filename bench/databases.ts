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
