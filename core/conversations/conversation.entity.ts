import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Customer, locales } from '../customers/customer.entity.ts';

/** Channels with a conversation (a customer chatting with the shop). */
export const conversationChannels = ['telegram', 'webchat'] as const;
export type ConversationChannel = (typeof conversationChannels)[number];

/**
 * One chat's conversation: language, cart and where in a flow the customer is. Kept in
 * PostgreSQL so a restart mid-checkout resumes where the customer was; the row is locked while
 * an update is handled, so one chat's updates run one at a time on any number of processes.
 */
export const Conversation = defineEntity({
  name: 'Conversation',
  tableName: 'conversation',
  properties: {
    id: p.integer().primary().autoincrement(),
    channel: p.enum(conversationChannels),
    chatId: p.string().length(200),
    customer: () => p.manyToOne(Customer).nullable(),
    locale: p.enum(locales),
    /** The flow state (cart, checkout draft, step); shape owned by `bots/conversation`. */
    state: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ name: 'conversation_channel_chat_unique', properties: ['channel', 'chatId'] }],
});

export type Conversation = InferEntity<typeof Conversation>;
