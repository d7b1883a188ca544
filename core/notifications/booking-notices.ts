import type { OutboxRecord } from '../shared/outbox.ts';
import type { Notice } from './notice.ts';
import { toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

/**
 * Bookings staff must act on: one booked although a consumable was short (ops channel, once per
 * booking), one waiting for staff to confirm it (a customer past the no-show limit; approvals).
 */
export function planBookingNotifications(events: OutboxRecord[], settings: NotificationSettings): PlannedNotification[] {
  if (!settings.channels.has('slack')) return [];
  return events.flatMap((event): PlannedNotification[] => {
    const startAt = String(event.payload.startAt);
    if (event.topic === 'booking.supplies_short' && settings.opsChannel) {
      const skus = Array.isArray(event.payload.skus) ? event.payload.skus.map(String) : [];
      return toStaff(settings.opsChannel, event.id, settings.staffLocale, { kind: 'staff_booking_supplies_short', bookingNumber: event.aggregateId, startAt, skus } satisfies Notice);
    }
    if (event.topic === 'booking.pending_confirmation') {
      return toStaff(settings.approvalsChannel, event.id, settings.staffLocale, { kind: 'staff_booking_pending', bookingNumber: event.aggregateId, startAt } satisfies Notice);
    }
    return [];
  });
}
