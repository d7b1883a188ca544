import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ApiScope } from '../shared/authorization.ts';
import { AccountMember } from '../customers/account.entity.ts';

/**
 * A key another system uses on the REST API. Only the SHA-256 of the key is stored;
 * `prefix` (the first characters) lets people tell keys apart without revealing them.
 * `scopes` say what the key may do (checked in core by `authorize`).
 */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(100),
    prefix: p.string().length(16),
    hash: p.string().length(64).unique(),
    scopes: p.array<ApiScope>().default([]),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    /** A buyer's key: it acts as that member of a company account (their orders only), not with scopes. */
    member: () => p.manyToOne(AccountMember).nullable(),
  },
});

export type ApiKey = InferEntity<typeof ApiKey>;
