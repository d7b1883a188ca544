import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatMessage, type ChatButton } from './chat-message.entity.ts';

/** Postgres channel on which a new web chat message is announced (payload: the visitor id). */
export const chatMessageChannel = 'chat_message';

/**
 * Appends a message to a visitor's web chat transcript and announces it (after commit, as
 * NOTIFY does) so an open page receives it. Returns the message id.
 */
export async function appendChatMessage(em: EntityManager, visitorId: string, direction: 'in' | 'out', text: string, buttons: ChatButton[][] | null = null): Promise<number> {
  return em.transactional(async (tx) => {
    const message = tx.create(ChatMessage, { visitorId, direction, text, buttons });
    await tx.flush();
    await tx.execute('select pg_notify(?, ?)', [chatMessageChannel, visitorId]);
    return message.id;
  });
}

/** A visitor's messages after `afterId`, oldest first (a page asks for what it has not seen). */
export async function chatMessagesSince(em: EntityManager, visitorId: string, afterId = 0, limit = 100): Promise<ChatMessage[]> {
  return em.find(ChatMessage, { visitorId, id: { $gt: afterId } }, { orderBy: { id: 'asc' }, limit });
}
