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

/** Deletes records older than `hours`; clients must not retry after that. Returns how many went. */
export async function purgeIdempotencyRecords(em: EntityManager, hours: number): Promise<number> {
  const result = await em.execute<{ affectedRows: number }>(
    `delete from idempotency_record where created_at < now() - make_interval(hours => ?)`,
    [hours],
    'run',
  );
  return result.affectedRows;
}

/** The same key was used with another request (422). */
export const keyReused = (): AppError => new AppError('idempotency_key_reused', 'This Idempotency-Key was already used for a different request');

/** The request with this key has not finished yet (409; the client retries). */
export const keyInProgress = (): AppError => new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is being processed; retry shortly');
