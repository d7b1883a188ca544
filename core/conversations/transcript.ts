import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatMessage, type ChatButton } from './chat-message.entity.ts';

/** Postgres channel on which a new web chat message is announced (payload: the visitor id). */
export const chatMessageChannel = 'chat_message';

/** One message of a web chat transcript. */
export interface TranscriptEntry {
  direction: 'in' | 'out';
  text: string;
  buttons?: ChatButton[][] | null | undefined;
}

/** A transcript message as the page reads it. */
export interface TranscriptMessage extends TranscriptEntry {
  id: number;
  buttons: ChatButton[][] | null;
  createdAt: string;
}

/**
 * Appends messages to a visitor's web chat transcript in the caller's transaction, and
 * announces them (NOTIFY is delivered at commit, so an open page never hears of a message
 * that was rolled back). Returns the new messages' ids.
 */
export async function appendTranscript(tx: EntityManager, visitorId: string, entries: TranscriptEntry[]): Promise<number[]> {
  if (entries.length === 0) return [];
  const messages = entries.map((entry) => tx.create(ChatMessage, { visitorId, direction: entry.direction, text: entry.text, buttons: entry.buttons ?? null }));
  await tx.flush();
  await tx.execute('select pg_notify(?, ?)', [chatMessageChannel, visitorId]);
  return messages.map((message) => message.id);
}

/** A visitor's messages after `afterId`, oldest first (a page asks for what it has not seen). */
export async function transcriptSince(em: EntityManager, visitorId: string, afterId = 0, limit = 100): Promise<TranscriptMessage[]> {
  const messages = await em.find(ChatMessage, { visitorId, id: { $gt: afterId } }, { orderBy: { id: 'asc' }, limit });
  return messages.map((message) => ({
    id: message.id, direction: message.direction, text: message.text, buttons: message.buttons ?? null, createdAt: message.createdAt.toISOString(),
  }));
}
