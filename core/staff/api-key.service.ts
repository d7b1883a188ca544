import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from './api-key.entity.ts';
import type { Clock } from '../shared/clock.ts';
import { systemClock } from '../shared/clock.ts';

const keyPrefix = 'oc_';

/**
 * API keys carry 256 random bits, so a plain SHA-256 is a safe one-way hash at rest
 * (no salt or slow hash is needed against guessing, unlike passwords).
 */
export function hashApiKey(plain: string): string {
  return createHash('sha256').update(plain).digest('hex');
}

/** Creates a key and returns its plain text. The plain key is never stored and cannot be shown again. */
export async function createApiKey(em: EntityManager, name: string): Promise<{ id: number; name: string; plain: string }> {
  const plain = keyPrefix + randomBytes(32).toString('base64url');
  const apiKey = em.create(ApiKey, { name, prefix: plain.slice(0, 10), hash: hashApiKey(plain) });
  await em.flush();
  return { id: apiKey.id, name: apiKey.name, plain };
}

/** The active key matching `plain`, or null. Records when it was last used. */
export async function verifyApiKey(em: EntityManager, plain: string, clock: Clock = systemClock): Promise<ApiKey | null> {
  if (!plain.startsWith(keyPrefix)) return null;
  const apiKey = await em.findOne(ApiKey, { hash: hashApiKey(plain), revokedAt: null });
  if (!apiKey) return null;
  // At most one write a minute per key, so authentication stays a single read on the hot path.
  const now = clock.now();
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > 60_000) {
    await em.nativeUpdate(ApiKey, { id: apiKey.id }, { lastUsedAt: now });
  }
  return apiKey;
}

/** Lists keys without their hashes, for the CLI. */
export async function listApiKeys(em: EntityManager): Promise<Pick<ApiKey, 'id' | 'name' | 'prefix' | 'createdAt' | 'revokedAt'>[]> {
  const keys = await em.find(ApiKey, {}, { orderBy: { id: 'asc' } });
  return keys.map(({ id, name, prefix, createdAt, revokedAt }) => ({ id, name, prefix, createdAt, revokedAt }));
}

/** Revokes a key by id; returns false when no such active key exists. */
export async function revokeApiKey(em: EntityManager, id: number, clock: Clock = systemClock): Promise<boolean> {
  const changed = await em.nativeUpdate(ApiKey, { id, revokedAt: null }, { revokedAt: clock.now() });
  return changed > 0;
}
