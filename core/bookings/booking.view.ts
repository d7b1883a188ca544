import type { EntityManager } from '@mikro-orm/postgresql';
import { wallClock } from '../shared/calendar.ts';
import type { Booking, BookingStatus } from './booking.entity.ts';

export interface BookingView {
  number: string;
  sku: string;
  service: string;
  resource: string;
  status: BookingStatus;
  startAt: string;
  endAt: string;
  /** The wall clock at the resource. */
  localDate: string;
  localTime: string;
  timeZone: string;
  holdExpiresAt: string | null;
  version: number;
  /** The order that prices it (from its confirmation), its total and currency. */
  order: string | null;
  priceMinor: number;
  currency: string;
  /** When the customer said they will come (a reminder's button), for this time. */
  attendanceConfirmedAt: string | null;
}

/** Where and when on the resource's wall clock the booking starts (`YYYY-MM-DD`, `HH:MM`). */
export function bookingLocalTime(booking: Booking): { date: string; time: string } {
  const local = wallClock(booking.startAt, booking.resource.timeZone);
  return { date: local.date, time: `${String(Math.floor(local.minutes / 60)).padStart(2, '0')}:${String(local.minutes % 60).padStart(2, '0')}` };
}

export async function bookingView(em: EntityManager, booking: Booking): Promise<BookingView> {
  await em.populate(booking, ['service.product', 'resource', 'order']);
  const local = bookingLocalTime(booking);
  return {
    number: booking.number, sku: booking.service.product.sku, service: booking.service.product.name, resource: booking.resource.code, status: booking.status,
    startAt: booking.startAt.toISOString(), endAt: booking.endAt.toISOString(), localDate: local.date, localTime: local.time, timeZone: booking.resource.timeZone,
    holdExpiresAt: booking.holdExpiresAt?.toISOString() ?? null, version: booking.version,
    order: booking.order?.number ?? null, priceMinor: booking.order?.totalMinor ?? booking.service.product.priceMinor, currency: booking.order?.currency ?? booking.service.product.currency,
    attendanceConfirmedAt: booking.attendanceConfirmedAt?.toISOString() ?? null,
  };
}
