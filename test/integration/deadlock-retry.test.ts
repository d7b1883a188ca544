import { describe, expect, it } from 'vitest';
import { UnitOfWork } from '../../core/shared/unit-of-work.ts';
import { testOrm } from '../support/app.ts';

describe('a deadlock never reaches a caller', () => {
  it('two units locking two rows in opposite orders: PostgreSQL aborts one, the unit of work runs it again, both commit', async () => {
    const orm = await testOrm(4);
    const uow = new UnitOfWork(orm);
    await orm.em.getConnection().execute('create table if not exists deadlock_probe (id int primary key, touched int not null default 0)');
    await orm.em.getConnection().execute('insert into deadlock_probe (id) values (1), (2) on conflict (id) do update set touched = 0');
    let attempts = 0;
    let arrived = 0;
    const { promise: barrier, resolve: bothHold } = Promise.withResolvers<void>();
    const unit = (first: number, second: number) => uow.write(async (tx) => {
      attempts += 1;
      await tx.execute('update deadlock_probe set touched = touched + 1 where id = ?', [first]);
      // Both hold their first row before either asks for its second: a certain deadlock on the first attempt.
      if ((arrived += 1) === 2) bothHold();
      await Promise.race([barrier, new Promise((resolve) => setTimeout(resolve, 2000))]);
      await tx.execute('update deadlock_probe set touched = touched + 1 where id = ?', [second]);
    });
    await Promise.all([unit(1, 2), unit(2, 1)]);
    // One aborted and run again; on a busy machine both backends may run the deadlock check
    // before either lets go, and PostgreSQL aborts both: each is then run again, once.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(4);
    expect(await orm.em.getConnection().execute('select id, touched from deadlock_probe order by id')).toEqual([{ id: 1, touched: 2 }, { id: 2, touched: 2 }]);
    await orm.close();
  });
});
