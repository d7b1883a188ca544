import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { CustomerIdentity, locales } from '../customers/customer.entity.ts';
import { deliveryChannels, type Notice } from './notice.ts';

/**
 * Where a notification is: `pending` (to send), `sending` (handed to the platform, outcome not
 * yet recorded), `sent`, `failed` (refused; not retried), `skipped` (recipient unreachable),
 * `uncertain` (the sender died mid-request: it may or may not have arrived, and it is never
 * sent again, because a message twice is worse than a status notice missing).
 */
export const notificationStatuses = ['pending', 'sending', 'sent', 'failed', 'skipped', 'uncertain'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/**
 * One message for one recipient caused by one outbox event. The unique (event, channel,
 * recipient) key is what makes delivery idempotent: a redelivered job finds the row already
 * sent and sends nothing.
 */
export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    eventId: p.bigint('number'),
    channel: p.enum(deliveryChannels),
    recipient: p.string().length(200),
    /** The customer identity behind the recipient (null for staff channels). */
    identity: () => p.manyToOne(CustomerIdentity).nullable(),
    kind: p.string().length(64),
    locale: p.enum(locales),
    notice: p.json<Notice>(),
    status: p.enum(notificationStatuses).default('pending'),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    /** The platform's message id once sent. */
    externalId: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
  uniques: [{ name: 'notification_event_recipient_unique', properties: ['eventId', 'channel', 'recipient'] }],
  indexes: [
    // Finds the next message for one chat, in event order, among the few not yet settled.
    { name: 'notification_open_recipient_index', properties: ['channel', 'recipient', 'eventId'], where: { status: { $in: ['pending', 'sending'] } } },
    // Counted on every /metrics scrape.
    { name: 'notification_set_aside_index', properties: ['channel', 'status'], where: { status: { $in: ['failed', 'uncertain'] } } },
  ],
});

export type Notification = InferEntity<typeof Notification>;
