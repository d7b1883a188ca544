import type { ChatButton, ConversationChannel } from '../../core/conversations/index.ts';

/** What a customer did: wrote something, or pressed a button (its raw data, decoded by the router). */
export type ChatInput =
  | { kind: 'text'; text: string }
  | { kind: 'button'; data: string }
  /** A phone shared with the platform's contact button; `own` when the platform vouches it is the sender's own. */
  | { kind: 'contact'; phone: string; own: boolean }
  /** A file the customer sent (a CSV order): its text, or null when it was too large or could not be read. */
  | { kind: 'document'; name: string; text: string | null };

/** One message back to the customer. */
export interface Reply {
  text: string;
  buttons?: ChatButton[][];
  /** Replace the message whose button was pressed instead of sending a new one. */
  edit?: boolean;
  /** Label of a one-tap "share my phone" button (Telegram's `request_contact`); channels without one leave it out. */
  contactButton?: string;
}

/** What the channel knows about the person writing. */
export interface ChatProfile {
  name: string;
  /** IETF tag from the platform (Telegram's `language_code`), for the first guess of the language. */
  languageCode?: string | undefined;
}

/** One inbound update, channel-neutral. */
export interface InboundUpdate {
  channel: ConversationChannel;
  /** The chat (Telegram chat id, web chat visitor id). */
  chatId: string;
  /** Unique per update on the channel (Telegram `update_id`, web chat message id): handled once. */
  updateKey: string;
  input: ChatInput;
  /** The label of the pressed button, where the channel knows it (the web chat's transcript shows it). */
  buttonLabel?: string | undefined;
  profile: ChatProfile;
}
