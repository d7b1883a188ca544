import type { ServiceContext } from '../shared/service-context.ts';
import { listen, type DatabaseListener, type ListenOptions } from '../shared/database-listener.ts';
import { publish } from '../shared/outbox.ts';
import type { ChatButton } from './chat-message.entity.ts';
import { forgetHandled, markHandled, purgeHandled } from '../shared/handled-once.ts';
import type { Locale } from '../customers/index.ts';
import { Conversation, type ConversationChannel } from './conversation.entity.ts';
import { lockConversation, saveConversation } from './conversation.repository.ts';
import { appendTranscript, transcriptSince, type TranscriptEntry, type TranscriptMessage } from './transcript.ts';

/** Which update of which chat a turn handles. */
export interface TurnKey {
  channel: ConversationChannel;
  chatId: string;
  /** Unique per update on the channel (Telegram `update_id`, a web chat message id). */
  updateKey: string;
  /** The language to start a first conversation in (a guess from the platform). */
  locale: Locale;
}

/** The conversation as a turn finds it (row locked until the turn ends). */
export interface ConversationSnapshot {
  customerId: number | null;
  locale: Locale;
  /** The flow state; its shape is the chat front end's business. */
  state: Record<string, unknown>;
  /** True on the customer's first contact. */
  isNew: boolean;
}

/** What a turn leaves behind: the conversation to save, the transcript to append, its result. */
export interface TurnOutcome<R> {
  customerId: number | null;
  locale: Locale;
  state: Record<string, unknown>;
  /** Web chat: what the visitor wrote and what they are answered. */
  transcript?: TranscriptEntry[] | undefined;
  result: R;
}

/** Conversations with customers: state between updates, the web chat transcript, handle-once. */
export interface ConversationService {
  /**
   * One chat turn as one unit of work on one connection: the update is marked handled (a
   * redelivered one returns null and changes nothing), the chat's conversation row is locked
   * (one turn at a time per chat, on any number of processes), `handle` runs (every core call
   * it makes joins this transaction), then the state is saved and the transcript appended.
   * All of it commits together or none of it does: a throw from `handle` leaves no trace.
   */
  runTurn<R>(key: TurnKey, handle: (conversation: ConversationSnapshot) => Promise<TurnOutcome<R>>): Promise<R | null>;
  /**
   * After a turn failed (a bug, rolled back): marks the update handled and appends what the
   * customer is told, in a unit of its own. False when it was handled meanwhile.
   */
  recordFailedTurn(key: TurnKey, transcript: TranscriptEntry[]): Promise<boolean>;
  /** A visitor's web chat messages after `afterId`, oldest first. */
  transcript(visitorId: string, afterId?: number): Promise<TranscriptMessage[]>;
  /** Adds messages to a visitor's transcript (notifications to the web chat); returns their ids. */
  appendTranscript(visitorId: string, entries: TranscriptEntry[]): Promise<number[]>;
  /** The language of a chat's conversation, or null before the first message. */
  localeOf(channel: ConversationChannel, chatId: string): Promise<Locale | null>;
  /** Marks an inbound event handled in a unit of its own (Slack events); false when it was. */
  markHandled(channel: string, key: string): Promise<boolean>;
  /** Forgets a key marked before whose handling failed, so the platform's next delivery is handled. */
  forgetHandled(channel: string, key: string): Promise<void>;
  /** Forgets handled updates older than `hours` (the purge job). */
  purgeHandled(hours: number): Promise<number>;
  /**
   * Hands replies a front end could not send (rate limited past its patience, platform down) to
   * the notification pipeline, which sends them in order, within the limits, retrying: a reply is
   * never silently dropped.
   */
  deferReplies(channel: ConversationChannel, chatId: string, replies: Array<{ text: string; buttons?: ChatButton[][] | undefined }>): Promise<void>;
  /** Calls back with the visitor id whenever a transcript message commits (open pages refresh). */
  listenForMessages(options: ListenOptions): DatabaseListener;
}

export function createConversationService({ uow, config }: ServiceContext): ConversationService {
  return {
    runTurn: (key, handle) => uow.write(async (tx) => {
      if (!(await markHandled(tx, key.channel, key.updateKey))) return null;
      const conversation = await lockConversation(tx, key.channel, key.chatId, key.locale);
      const outcome = await handle({ customerId: conversation.customerId, locale: conversation.locale, state: conversation.state, isNew: conversation.isNew });
      await saveConversation(tx, conversation.id, outcome);
      if (outcome.transcript) await appendTranscript(tx, key.chatId, outcome.transcript);
      return outcome.result;
    }),
    recordFailedTurn: (key, transcript) => uow.write(async (tx) => {
      if (!(await markHandled(tx, key.channel, key.updateKey))) return false;
      if (key.channel === 'webchat') await appendTranscript(tx, key.chatId, transcript);
      return true;
    }),
    transcript: (visitorId, afterId) => uow.read((em) => transcriptSince(em, visitorId, afterId)),
    appendTranscript: (visitorId, entries) => uow.write((tx) => appendTranscript(tx, visitorId, entries)),
    localeOf: (channel, chatId) => uow.read(async (em) => (await em.findOne(Conversation, { channel, chatId }))?.locale ?? null),
    markHandled: (channel, key) => uow.write((tx) => markHandled(tx, channel, key)),
    forgetHandled: (channel, key) => uow.write((tx) => forgetHandled(tx, channel, key)),
    purgeHandled: (hours) => uow.write((tx) => purgeHandled(tx, hours)),
    deferReplies: (channel, chatId, replies) => uow.write(async (tx) => {
      for (const reply of replies) publish(tx, 'chat.reply_deferred', { type: 'chat', id: chatId }, { channel, chatId, text: reply.text, buttons: reply.buttons ?? null });
      await tx.flush();
    }),
    listenForMessages: (options) => listen(config.DATABASE_URL, 'chat_message', options),
  };
}
