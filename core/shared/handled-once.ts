import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Records that `key` on `channel` is being handled, in the caller's transaction. Returns false
 * when it was handled before (a redelivered webhook, a double-submitted form, a second worker):
 * the caller then does nothing. Rolled back with the caller's work, so a failed attempt is
 * handled again on redelivery.
 */
export async function markHandled(tx: EntityManager, channel: string, key: string): Promise<boolean> {
  const rows = await tx.execute(
    'insert into processed_update (channel, update_key, created_at) values (?, ?, now()) on conflict (channel, update_key) do nothing returning id',
    [channel, key],
  );
  return rows.length === 1;
}

/** Forgets a key, so the next attempt handles it again (a publish that failed after marking). */
export async function forgetHandled(tx: EntityManager, channel: string, key: string): Promise<void> {
  await tx.execute('delete from processed_update where channel = ? and update_key = ?', [channel, key], 'run');
}

/** Deletes records older than `hours` (platforms redeliver within minutes). Returns how many went. */
export async function purgeHandled(em: EntityManager, hours: number): Promise<number> {
  const result = await em.execute<{ affectedRows: number }>(
    'delete from processed_update where created_at < now() - make_interval(hours => ?)',
    [hours],
    'run',
  );
  return result.affectedRows;
}
