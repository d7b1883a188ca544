import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../customers/index.ts';
import type { ConversationChannel } from './conversation.entity.ts';

/** A conversation row, locked for the caller's transaction. */
export interface LockedConversation {
  id: number;
  customerId: number | null;
  locale: Locale;
  state: Record<string, unknown>;
  /** True when this update created the conversation (the customer's first contact). */
  isNew: boolean;
}

/** Gets (creating it with `locale` on first contact) and locks the chat's conversation row. */
export async function lockConversation(tx: EntityManager, channel: ConversationChannel, chatId: string, locale: Locale): Promise<LockedConversation> {
  const created = await tx.execute(
    `insert into conversation (channel, chat_id, locale, state, created_at, updated_at) values (?, ?, ?, '{}', now(), now())
     on conflict (channel, chat_id) do nothing returning id`,
    [channel, chatId, locale],
  );
  const [row] = await tx.execute<Array<{ id: number; customer_id: number | null; locale: Locale; state: Record<string, unknown> }>>(
    'select id, customer_id, locale, state from conversation where channel = ? and chat_id = ? for update',
    [channel, chatId],
  );
  return { id: row!.id, customerId: row!.customer_id, locale: row!.locale, state: row!.state, isNew: created.length === 1 };
}

/** Saves the conversation after an update (same transaction as the lock). */
export async function saveConversation(tx: EntityManager, id: number, changes: { customerId: number | null; locale: Locale; state: Record<string, unknown> }): Promise<void> {
  await tx.execute(
    'update conversation set customer_id = ?, locale = ?, state = ?::jsonb, updated_at = now() where id = ?',
    [changes.customerId, changes.locale, JSON.stringify(changes.state), id],
    'run',
  );
}
