export { Conversation, conversationChannels, type ConversationChannel } from './conversation.entity.ts';
export { ChatMessage, type ChatButton } from './chat-message.entity.ts';
export { chatMessageChannel, type TranscriptEntry, type TranscriptMessage } from './transcript.ts';
export {
  createConversationService, type ConversationService, type TurnKey, type ConversationSnapshot, type TurnOutcome,
} from './conversation.service.ts';
