import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Where a key is unique: per API key, per chat, per Slack workspace... */
export interface IdempotencyKey {
  scope: string;
  key: string;
}

/** Stable hash of a request: object keys sorted, so property order does not matter. */
export function hashRequest(request: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(canonical(request))).digest('hex');
}

/** Deletes records older than `hours`; clients must not retry after that. Returns how many went. */
export async function purgeIdempotencyRecords(em: EntityManager, hours: number): Promise<number> {
  const result = await em.execute<{ affectedRows: number }>(
    `delete from idempotency_record where created_at < now() - make_interval(hours => ?)`,
    [hours],
    'run',
  );
  return result.affectedRows;
}
