import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The "handle once" ledger: an inbound message or event already handled (Telegram
 * `update_id`, a web chat message id, a Slack `event_id`, a digest date). Its unique key is
 * what makes a redelivery change nothing.
 */
export const ProcessedUpdate = defineEntity({
  name: 'ProcessedUpdate',
  tableName: 'processed_update',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    channel: p.string().length(20),
    updateKey: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'processed_update_channel_key_unique', properties: ['channel', 'updateKey'] }],
  indexes: [{ name: 'processed_update_created_index', properties: ['createdAt'] }],
});

export type ProcessedUpdate = InferEntity<typeof ProcessedUpdate>;
