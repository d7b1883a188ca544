import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from './api-key.entity.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { apiScopes, defaultApiScopes, type ApiScope } from '../shared/authorization.ts';

const keyPrefix = 'oc_';

/**
 * API keys carry 256 random bits, so a plain SHA-256 is a safe one-way hash at rest
 * (no salt or slow hash is needed against guessing, unlike passwords).
 */
export function hashApiKey(plain: string): string {
  return createHash('sha256').update(plain).digest('hex');
}

/** A key as the CLI lists it: never the key or its hash. */
export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  revokedAt: Date | null;
}

/** Checks scope names typed by a person (`api-key create --scope ...`). */
export function parseScopes(names: readonly string[]): ApiScope[] {
  const unknown = names.filter((name) => !(apiScopes as readonly string[]).includes(name));
  if (unknown.length > 0) throw new AppError('invalid_input', `Unknown scope ${unknown.join(', ')}; scopes are ${apiScopes.join(', ')}`, { unknown });
  return names.length > 0 ? [...new Set(names as ApiScope[])] : [...defaultApiScopes];
}

/** Creates a key and returns its plain text. The plain key is never stored and cannot be shown again. */
export async function createApiKey(em: EntityManager, name: string, scopes: readonly ApiScope[], memberId: number | null = null): Promise<{ id: number; name: string; scopes: ApiScope[]; plain: string }> {
  const plain = keyPrefix + randomBytes(32).toString('base64url');
  const apiKey = em.create(ApiKey, { name, prefix: plain.slice(0, 10), hash: hashApiKey(plain), scopes: memberId === null ? [...scopes] : [], member: memberId });
  await em.flush();
  return { id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes, plain };
}

/** The actor of the active key matching `plain`, or null. Records when it was last used (at most once a minute). */
export async function authenticateApiKey(em: EntityManager, plain: string, now: Date): Promise<Actor | null> {
  if (!plain.startsWith(keyPrefix)) return null;
  const apiKey = await em.findOne(ApiKey, { hash: hashApiKey(plain), revokedAt: null }, { populate: ['member'] });
  if (!apiKey || (apiKey.member && !apiKey.member.active)) return null;
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > 60_000) {
    await em.nativeUpdate(ApiKey, { id: apiKey.id }, { lastUsedAt: now });
  }
  if (apiKey.member) {
    // A buyer's key: the customer behind the membership, reaching what a customer may (their own orders, their account's prices).
    const { member } = apiKey;
    return { type: 'customer', id: String(member.customer.id), apiKeyId: apiKey.id, member: { id: member.id, accountId: member.account.id, role: member.role } };
  }
  return { type: 'api_key', id: String(apiKey.id), scopes: apiKey.scopes };
}

export async function listApiKeys(em: EntityManager): Promise<ApiKeyView[]> {
  const keys = await em.find(ApiKey, {}, { orderBy: { id: 'asc' } });
  return keys.map(({ id, name, prefix, scopes, createdAt, revokedAt }) => ({ id, name, prefix, scopes, createdAt, revokedAt: revokedAt ?? null }));
}

/** Revokes a key by id; returns false when no such active key exists. */
export async function revokeApiKey(em: EntityManager, id: number, now: Date): Promise<boolean> {
  return (await em.nativeUpdate(ApiKey, { id, revokedAt: null }, { revokedAt: now })) > 0;
}
