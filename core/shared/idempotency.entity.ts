import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A processed request, keyed by scope (who sent it) and the client's key. Stores a hash of the
 * request and the response it produced, so a retry gets exactly the same answer.
 */
export const IdempotencyRecord = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_record',
  properties: {
    scope: p.string().length(100).primary(),
    key: p.string().length(200).primary(),
    requestHash: p.string().length(64),
    /** The response as JSON text (not jsonb, which would reorder keys): replays are byte-identical. */
    response: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ name: 'idempotency_record_created_at_index', properties: ['createdAt'] }],
});

export type IdempotencyRecord = InferEntity<typeof IdempotencyRecord>;
