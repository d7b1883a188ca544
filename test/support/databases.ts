import { Client, escapeIdentifier } from 'pg';

/** Server all test databases live on (each test file gets its own database). */
export const testServerUrl = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const templateDatabase = 'orderchat_test_template';

export function databaseUrl(name: string): string {
  return `${testServerUrl}/${name}`;
}

/** Runs statements on the maintenance database. */
export async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(client: Client, name: string): Promise<void> {
  await client.query(`drop database if exists ${escapeIdentifier(name)} with (force)`);
}

/** Clones the migrated template (retrying while another clone briefly holds it). */
export async function cloneTemplate(name: string): Promise<string> {
  await onServer(async (client) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`create database ${escapeIdentifier(name)} template ${escapeIdentifier(templateDatabase)}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return databaseUrl(name);
}
