import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { actorTypes } from './actor.ts';

/** Append-only record of who changed what: every order state change and stock movement. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    entityType: p.string().length(32),
    entityId: p.string().length(64),
    action: p.string().length(64),
    actorType: p.enum(actorTypes),
    actorId: p.string().length(100).nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    { name: 'audit_entry_entity_index', properties: ['entityType', 'entityId'] },
    // Reports find status changes by day (lead times, bottlenecks) without scanning the log.
    { name: 'audit_entry_action_time_index', properties: ['action', 'createdAt'] },
  ],
});

export type AuditEntry = InferEntity<typeof AuditEntry>;
