import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import type { Locale } from '../customers/index.ts';
import type { Notice } from './notice.ts';
import { chatIdentities, toCustomer, toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

const customerTopics = new Set(['booking.confirmed', 'booking.rescheduled', 'booking.cancelled', 'booking.reminder']);

/**
 * The customer hears of their booking in their language: confirmed (with its order and price),
 * moved, cancelled, and the reminders (24 h and 2 h before, with buttons to say they will come,
 * move or cancel it). One query for the bookings, one for the chats.
 */
export async function planBookingCustomerNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const relevant = events.filter((event) => customerTopics.has(event.topic));
  if (relevant.length === 0) return [];
  const rows = await em.execute<Array<{
    number: string; customer_id: number; locale: Locale; service: string; service_zh: string | null; resource: string; time_zone: string;
    order_number: string | null; total_minor: string | null; currency: string | null;
  }>>(
    `select b.number, b.customer_id, c.locale, p.name as service, p.name_zh as service_zh, r.name as resource, r.time_zone,
            o.number as order_number, o.total_minor, o.currency
       from booking b join customer c on c.id = b.customer_id join service_definition s on s.id = b.service_id join product p on p.id = s.product_id
       join bookable_resource r on r.id = b.resource_id left join "order" o on o.id = b.order_id where b.number in (?)`,
    [[...new Set(relevant.map((event) => event.aggregateId))]],
  );
  const identities = await chatIdentities(em, [...new Set(rows.map((row) => row.customer_id))], settings);
  return relevant.flatMap((event) => {
    const row = rows.find((each) => each.number === event.aggregateId);
    if (!row) return [];
    const change = event.topic.slice('booking.'.length) as 'confirmed' | 'rescheduled' | 'cancelled' | 'reminder';
    const notice: Notice = {
      kind: 'booking_update', change, bookingNumber: row.number, version: Number(event.payload.version), service: row.service, serviceZh: row.service_zh, resource: row.resource,
      startAt: String(event.payload.startAt), timeZone: row.time_zone,
      order: change === 'confirmed' && row.order_number ? { number: row.order_number, totalMinor: Number(row.total_minor), currency: String(row.currency) } : null,
    };
    return toCustomer(identities, event.id, { id: row.customer_id, locale: row.locale }, notice);
  });
}

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
