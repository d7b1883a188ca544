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
}

export async function bookingView(em: EntityManager, booking: Booking): Promise<BookingView> {
  await em.populate(booking, ['service.product', 'resource']);
  const local = wallClock(booking.startAt, booking.resource.timeZone);
  return {
    number: booking.number, sku: booking.service.product.sku, service: booking.service.product.name, resource: booking.resource.code, status: booking.status,
    startAt: booking.startAt.toISOString(), endAt: booking.endAt.toISOString(), localDate: local.date,
    localTime: `${String(Math.floor(local.minutes / 60)).padStart(2, '0')}:${String(local.minutes % 60).padStart(2, '0')}`, timeZone: booking.resource.timeZone,
    holdExpiresAt: booking.holdExpiresAt?.toISOString() ?? null, version: booking.version,
  };
}
