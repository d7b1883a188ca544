import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from './audit.entity.ts';
import type { Actor } from './actor.ts';

/** One change to record. */
export interface AuditChange {
  entityType: string;
  entityId: string;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Adds an audit entry to the unit of work; it is written with the caller's flush, in its transaction. */
export function audit(em: EntityManager, actor: Actor, change: AuditChange): void {
  em.create(AuditEntry, {
    ...change,
    before: change.before ?? null,
    after: change.after ?? null,
    actorType: actor.type,
    actorId: actor.id ?? null,
  });
}
