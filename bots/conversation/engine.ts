import { lockConversation, markUpdateProcessed, saveConversation } from '../../core/messaging/index.ts';
import type { InboundUpdate, Reply } from './io.ts';
import { readState } from './state.ts';
import { Turn, type ConversationDeps } from './turn.ts';
import { route } from './router.ts';
import { errorReply } from './errors.ts';
import { guessLocale } from './features/language.ts';
import { mainMenu } from './features/menu.ts';

/** Turns inbound updates into replies, whatever the channel. */
export interface ConversationEngine {
  /**
   * Handles one update: once (a redelivered update returns null and changes nothing), one at
   * a time per chat (the conversation row is locked), with the state saved in the same
   * transaction. Replies are sent by the caller after this returns.
   */
  handle(update: InboundUpdate): Promise<Reply[] | null>;
}

export function createConversationEngine(deps: ConversationDeps): ConversationEngine {
  return {
    handle: (update) => deps.core.orm.em.fork().transactional(async (tx) => {
      if (!(await markUpdateProcessed(tx, update.channel, update.updateKey))) return null;
      const locale = guessLocale(update.profile.languageCode, deps.defaultLocale);
      const conversation = await lockConversation(tx, update.channel, update.chatId, locale);
      const before = readState(conversation.state);
      const turn = new Turn({
        deps, channel: update.channel, chatId: update.chatId, profile: update.profile,
        locale: conversation.locale, state: structuredClone(before), customerId: conversation.customerId,
      });
      if (conversation.customerId !== null) await turn.markReachable();
      let replies: Reply[];
      try {
        replies = await route(turn, update.input);
      } catch (error) {
        const polite = errorReply(turn, error);
        if (!polite) {
          deps.logger.error({ err: error, channel: update.channel }, 'conversation turn failed');
          turn.state = before;
        }
        replies = [polite ?? turn.reply(turn.say('chat.error'), mainMenu(turn))];
      }
      await saveConversation(tx, conversation.id, { customerId: turn.customerId, locale: turn.locale, state: turn.state });
      return replies;
    }),
  };
}
