import { createOrm } from '../../core/db.ts';
import { ensureDatabase, migrateWithLock } from '../../core/shared/database.ts';
import { databaseUrl, dropDatabase, onServer, templateDatabase } from './databases.ts';

/**
 * Runs once per `npm test`: builds a migrated template database that every test file clones
 * (cloning takes milliseconds; migrating per file would take seconds).
 */
export async function setup(): Promise<void> {
  await onServer(async (client) => {
    const stale = await client.query<{ datname: string }>("select datname from pg_database where datname like 'orderchat_t\\_%'");
    for (const row of stale.rows) await dropDatabase(client, row.datname);
    await dropDatabase(client, templateDatabase);
  });
  const url = databaseUrl(templateDatabase);
  await ensureDatabase(url);
  const orm = await createOrm({ databaseUrl: url, poolSize: 2 });
  try {
    await migrateWithLock(orm, url);
  } finally {
    await orm.close();
  }
}

export async function teardown(): Promise<void> {
  await onServer((client) => dropDatabase(client, templateDatabase));
}
