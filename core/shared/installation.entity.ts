import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The installation this database belongs to: one row, made by the migration that created it.
 * Its id names the installation's queues in Redis, so two shops on one Redis, or a database
 * dropped and migrated again, never share a job id with another.
 */
export const Installation = defineEntity({
  name: 'Installation',
  tableName: 'installation',
  properties: {
    id: p.string().length(32).primary(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Signs web chat visitor cookies when WEBCHAT_SECRET is not set (made on first use). */
    webchatSecret: p.text().nullable(),
  },
});

export type Installation = InferEntity<typeof Installation>;
