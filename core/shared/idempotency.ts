import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from './errors.ts';

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

/**
 * Claims the key inside the caller's transaction. Returns null when this call owns it (go on,
 * then `storeResponse`), or the stored response of the earlier request with the same key.
 *
 * A concurrent request with the same key blocks on the unique index until the first one
 * commits (then it gets the stored response) or rolls back (then it proceeds itself).
 */
export async function claimIdempotencyKey(em: EntityManager, id: IdempotencyKey, requestHash: string): Promise<Record<string, unknown> | null> {
  const claimed = await em.execute<{ key: string }[]>(
    `insert into idempotency_record (scope, key, request_hash, created_at) values (?, ?, ?, now())
     on conflict (scope, key) do nothing returning key`,
    [id.scope, id.key, requestHash],
  );
  if (claimed.length === 1) return null;
  const [stored] = await em.execute<{ request_hash: string; response: string | null }[]>(
    'select request_hash, response from idempotency_record where scope = ? and key = ?',
    [id.scope, id.key],
  );
  if (!stored) throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is being processed; retry shortly');
  if (stored.request_hash !== requestHash) {
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used for a different request', { key: id.key });
  }
  if (!stored.response) throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is being processed; retry shortly');
  return JSON.parse(stored.response) as Record<string, unknown>;
}

/** Saves the response for the claimed key, in the same transaction as the work it describes. */
export async function storeResponse(em: EntityManager, id: IdempotencyKey, response: object): Promise<void> {
  await em.execute('update idempotency_record set response = ? where scope = ? and key = ?', [JSON.stringify(response), id.scope, id.key], 'run');
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
