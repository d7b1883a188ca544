import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A button under a chat message: a label and the opaque data sent back when pressed. */
export interface ChatButton {
  label: string;
  data: string;
}

/**
 * The web chat transcript: what the visitor wrote (`in`) and what the shop sent (`out`),
 * kept so an open page receives it live and a returning visitor sees it again.
 */
export const ChatMessage = defineEntity({
  name: 'ChatMessage',
  tableName: 'chat_message',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    visitorId: p.string().length(200),
    direction: p.enum(['in', 'out'] as const),
    text: p.text(),
    buttons: p.json<ChatButton[][]>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ name: 'chat_message_visitor_index', properties: ['visitorId', 'id'] }],
});

export type ChatMessage = InferEntity<typeof ChatMessage>;
