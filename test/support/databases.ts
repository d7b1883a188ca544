import { Client, escapeIdentifier } from 'pg';

/** Server all test databases live on (each test file gets its own database). */
export const testServerUrl = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Where the apps' queues live: `postgres` in `npm run test:embedded`, Redis otherwise. */
export const testQueueBackend = process.env.TEST_QUEUE_BACKEND ?? 'redis';
/** The migrated template of the test run whose main process is `pid`. */
export function templateDatabaseFor(pid: number): string {
  return `orderchat_tpl_${pid}`;
}

/**
 * The process a test database belongs to, read from its name (`orderchat_t_<pid>_...` for a
 * test file's clone, `orderchat_tpl_<pid>` for a run's template), or null for other names.
 */
export function ownerPid(name: string): number | null {
  const match = /^orderchat_(?:t_(?:mig_)?|tpl_)(\d+)(?:_|$)/.exec(name);
  return match ? Number(match[1]) : null;
}

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
export async function cloneTemplate(name: string, templateDatabase: string): Promise<string> {
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
