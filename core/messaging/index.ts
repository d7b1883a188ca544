export { deliveryChannels, type DeliveryChannel, type Notice, type NoticeKind, type OrderSummary } from './notice.ts';
export { DeliveryFailure, isDeliveryFailure, type Notifier, type DeliveryFailureKind } from './notifier.port.ts';
export { Notification, notificationStatuses, type NotificationStatus } from './notification.entity.ts';
export { ChatMessage, type ChatButton } from './chat-message.entity.ts';
export { appendChatMessage, chatMessagesSince, chatMessageChannel } from './chat-message.ts';
export { planNotifications, noticesForOrderEvent, type PlannedNotification, type NotificationSettings, type OrderSnapshot } from './notification-plan.ts';
export {
  insertNotifications, pendingIdsOfEvent, findNotification, claimForSending, settleNotification,
  markRecipientUnreachable, stalePendingIds, type NotificationRecord,
} from './notification.repository.ts';
export { Conversation, ProcessedUpdate, conversationChannels, type ConversationChannel } from './conversation.entity.ts';
export { markUpdateProcessed, lockConversation, saveConversation, purgeProcessedUpdates, type LockedConversation } from './conversation.repository.ts';
export { planTicketNotifications, ticketByThread } from './ticket-notices.ts';
export { planApprovalReminders } from './approval-reminders.ts';
