import type { TestProject } from 'vitest/node';
import { createOrm } from '../../core/db.ts';
import { warmClassifier } from '../../bots/nlu/classifier.ts';
import { ensureDatabase, migrateWithLock } from '../../core/shared/database.ts';
import { databaseUrl, dropDatabase, onServer, ownerPid, templateDatabaseFor } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template this run's test files clone. */
    templateDatabase: string;
  }
}

let template = '';

/** True while a process with this id runs (its test databases are still in use). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs once per `npm test`: builds a migrated template database that every test file clones
 * (cloning takes milliseconds; migrating per file would take seconds). The template is this
 * run's own, so two suites on one machine (a developer and CI, two worktrees) never share or
 * drop each other's databases; leftovers of runs whose process is gone are dropped.
 */
export async function setup(project: TestProject): Promise<void> {
  template = templateDatabaseFor(process.pid);
  await onServer(async (client) => {
    const stale = await client.query<{ datname: string }>("select datname from pg_database where datname like 'orderchat\\_t%'");
    for (const { datname } of stale.rows) {
      const pid = ownerPid(datname);
      if (pid === null || !alive(pid) || datname === template) await dropDatabase(client, datname);
    }
  });
  const url = databaseUrl(template);
  await ensureDatabase(url);
  const orm = await createOrm({ databaseUrl: url, poolSize: 2 });
  try {
    await migrateWithLock(orm, url);
  } finally {
    await orm.close();
  }
  project.provide('templateDatabase', template);
  // The chat's intent classifier is trained once (seconds of CPU) and kept for every test file.
  await warmClassifier();
}

export async function teardown(): Promise<void> {
  await onServer((client) => dropDatabase(client, template));
}
