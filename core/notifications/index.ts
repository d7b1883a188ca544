export { deliveryChannels, type DeliveryChannel, type Notice, type NoticeKind, type OrderSummary, type CustomerHistory } from './notice.ts';
export { DeliveryFailure, isDeliveryFailure, type Notifier, type DeliveryFailureKind } from './notifier.port.ts';
export { Notification, notificationStatuses, type NotificationStatus } from './notification.entity.ts';
export { noticesForOrderEvent, type OrderSnapshot } from './notification-plan.ts';
export type { PlannedNotification, NotificationSettings } from './notification-recipients.ts';
export type { NotificationRecord, NotificationRef } from './notification.repository.ts';
export type { FollowUp } from './follow-ups.ts';
export { createNotificationService, type NotificationService, type RelayBatch } from './notification.service.ts';
export type { PipelineFigures } from './pipeline-figures.ts';
