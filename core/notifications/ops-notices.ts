import type { OutboxRecord } from '../shared/outbox.ts';
import type { Notice } from './notice.ts';
import { toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));

/** A deferred chat reply goes to the chat it was meant for, as it was written. */
export function planChatReplies(events: OutboxRecord[], settings: NotificationSettings): PlannedNotification[] {
  return events.flatMap((event): PlannedNotification[] => {
    if (event.topic !== 'chat.reply_deferred') return [];
    const channel = event.payload.channel as 'telegram' | 'webchat';
    if (!settings.channels.has(channel)) return [];
    const notice: Notice = { kind: 'chat_reply', text: text(event.payload.text), buttons: (event.payload.buttons as Extract<Notice, { kind: 'chat_reply' }>['buttons']) ?? null };
    return [{ eventId: event.id, channel, recipient: text(event.payload.chatId), identityId: null, locale: settings.staffLocale, notice }];
  });
}

/** Dead letters and uncertain messages go to the Slack ops channel, once per event. */
export function planOpsNotifications(events: OutboxRecord[], settings: NotificationSettings): PlannedNotification[] {
  if (!settings.opsChannel || !settings.channels.has('slack')) return [];
  return events.flatMap((event): PlannedNotification[] => {
    const payload = event.payload;
    let notice: Notice;
    if (event.topic === 'outbox.dead_lettered') {
      notice = { kind: 'staff_dead_letter', what: 'event', id: Number(payload.eventId), about: text(payload.topic), error: text(payload.error) };
    } else if (event.topic === 'notification.dead_lettered') {
      notice = { kind: 'staff_dead_letter', what: 'notification', id: Number(payload.notificationId), about: `${text(payload.kind)} (${text(payload.channel)})`, error: text(payload.error) };
    } else if (event.topic === 'notification.uncertain') {
      notice = { kind: 'staff_notification_uncertain', notificationId: Number(payload.notificationId), channel: text(payload.channel), recipient: text(payload.recipient), about: text(payload.kind) };
    } else {
      return [];
    }
    return toStaff(settings.opsChannel, event.id, settings.staffLocale, notice);
  });
}
