import { describe, expect, it } from 'vitest';
import { createOrm } from '../../core/db.ts';
import { ensureDatabase, migrateWithLock } from '../../core/shared/database.ts';
import { databaseUrl, dropDatabase, onServer } from '../support/databases.ts';
import { closeAfterAll } from '../support/context.ts';

describe('database start-up', () => {
  it('creates a missing database, and two processes migrating at once apply each migration once', async () => {
    const name = `orderchat_t_mig_${process.pid}_${Date.now().toString(36)}`;
    const url = databaseUrl(name);
    closeAfterAll(() => onServer((client) => dropDatabase(client, name)));
    await ensureDatabase(url);
    await ensureDatabase(url); // idempotent

    const [first, second] = await Promise.all([createOrm({ databaseUrl: url, poolSize: 2 }), createOrm({ databaseUrl: url, poolSize: 2 })]);
    try {
      const [appliedA, appliedB] = await Promise.all([migrateWithLock(first, url), migrateWithLock(second, url)]);
      // One process applied everything, the other waited for the lock and found nothing to do.
      const applied = [appliedA, appliedB].sort((a, b) => b.length - a.length);
      expect(applied[0]!.length).toBeGreaterThan(0);
      expect(applied[1]).toEqual([]);
      const rows = await first.em.getConnection().execute<{ name: string; n: string }[]>('select name, count(*) as n from mikro_orm_migrations group by name');
      expect(rows.every((row) => Number(row.n) === 1)).toBe(true);
      expect(rows).toHaveLength(applied[0]!.length);
      const warehouses = await first.em.getConnection().execute<{ code: string }[]>('select code from warehouse where is_default');
      expect(warehouses).toEqual([{ code: 'MAIN' }]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
