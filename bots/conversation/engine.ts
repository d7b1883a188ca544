import { isAppError } from '../../core/shared/errors.ts';
import { storableText } from '../../core/shared/text.ts';
import type { TranscriptEntry, TurnKey } from '../../core/conversations/index.ts';
import type { ChatInput, InboundUpdate, Reply } from './io.ts';
import { readState } from './state.ts';
import { Turn, type ConversationDeps } from './turn.ts';
import { route } from './router.ts';
import { errorReply } from './errors.ts';
import { guessLocale } from './features/language.ts';
import { mainMenu } from './features/menu.ts';

/** Turns inbound updates into replies, whatever the channel. */
export interface ConversationEngine {
  /**
   * Handles one update as one unit of work (`core.conversations.runTurn`): once (a
   * redelivered update returns null and changes nothing), one at a time per chat, its state,
   * every core call and the web chat transcript committed together on one connection.
   * Replies are sent by the caller after this returns. Rejects with AppError `unavailable`
   * when the database cannot serve the turn now (the caller answers "busy" and lets the
   * platform deliver it again).
   */
  handle(update: InboundUpdate): Promise<Reply[] | null>;
}

/** What the visitor wrote, as the transcript shows it (a button press shows its label). */
function inboundText(input: ChatInput, label: string | undefined): string {
  switch (input.kind) {
    case 'text': return input.text;
    case 'contact': return input.phone;
    case 'button': return label ?? input.data;
    case 'document': return `[${input.name}]`;
  }
}

function transcriptOf(update: InboundUpdate, replies: Reply[]): TranscriptEntry[] | undefined {
  if (update.channel !== 'webchat') return undefined;
  return [
    { direction: 'in', text: inboundText(update.input, update.buttonLabel) },
    ...replies.map((reply) => ({ direction: 'out' as const, text: reply.text, buttons: reply.buttons ?? null })),
  ];
}

/** What a platform delivered, made storable (no NUL, no unpaired surrogate): a customer's text is never a reason for a failed turn. */
function storableUpdate(update: InboundUpdate): InboundUpdate {
  const delivered = update.input;
  const input: ChatInput = delivered.kind === 'text' ? { ...delivered, text: storableText(delivered.text) }
    : delivered.kind === 'contact' ? { ...delivered, phone: storableText(delivered.phone) }
      : delivered.kind === 'document' ? { ...delivered, name: storableText(delivered.name), text: delivered.text === null ? null : storableText(delivered.text) }
        : { ...delivered, data: storableText(delivered.data) };
  return {
    ...update, input,
    ...(update.buttonLabel !== undefined && { buttonLabel: storableText(update.buttonLabel) }),
    profile: { ...update.profile, name: storableText(update.profile.name) },
  };
}

export function createConversationEngine(deps: ConversationDeps): ConversationEngine {
  const { conversations } = deps.core;
  return {
    async handle(delivered) {
      const update = storableUpdate(delivered);
      const key: TurnKey = {
        channel: update.channel, chatId: update.chatId, updateKey: update.updateKey,
        locale: guessLocale(update.profile.languageCode, deps.defaultLocale),
      };
      try {
        return await conversations.runTurn(key, async (conversation) => {
          const turn = new Turn({
            deps, channel: update.channel, chatId: update.chatId, profile: update.profile,
            locale: conversation.locale, state: structuredClone(readState(conversation.state)), customerId: conversation.customerId,
          });
          if (conversation.customerId !== null) await deps.core.customers.markReachable(update.channel, update.chatId);
          let replies: Reply[];
          try {
            replies = await route(turn, update.input);
          } catch (error) {
            // A refusal of core (out of stock, not yours...) is the customer's business: say
            // so politely and keep the turn. Anything else rolls the whole turn back.
            const polite = errorReply(turn, error);
            if (!polite) throw error;
            replies = [polite];
          }
          return { customerId: turn.customerId, locale: turn.locale, state: turn.state, transcript: transcriptOf(update, replies), result: replies };
        });
      } catch (error) {
        if (isAppError(error) && error.kind === 'unavailable') throw error;
        // A bug: nothing of the turn was written. Record the update as handled with an apology,
        // so a redelivery does not repeat the failure for ever.
        deps.logger.error({ err: error, channel: update.channel }, 'conversation turn failed; rolled back');
        const turn = new Turn({ deps, channel: update.channel, chatId: update.chatId, profile: update.profile, locale: key.locale, state: readState({}), customerId: null });
        const apology = [turn.reply(turn.say('chat.error'), mainMenu(turn))];
        return (await conversations.recordFailedTurn(key, transcriptOf(update, apology) ?? [])) ? apology : null;
      }
    },
  };
}
