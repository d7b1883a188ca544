import type { EntityManager } from '@mikro-orm/postgresql';
import { endOfLocalDay, startOfLocalDay } from '../shared/calendar.ts';

/**
 * The day's bookings (those starting that business day that were kept: confirmed, attended,
 * done or missed), how many were no-shows, and cancellations staff made inside the customer's
 * window (the customer could no longer cancel themselves).
 */
export async function bookingFigures(em: EntityManager, date: string, timeZone: string) {
  const [from, to] = [startOfLocalDay(date, timeZone), endOfLocalDay(date, timeZone)];
  const [kept] = await em.execute<Array<{ bookings: string; no_shows: string }>>(
    `select count(*) as bookings, count(*) filter (where status = 'no_show') as no_shows from booking
      where start_at between ? and ? and status in ('confirmed', 'checked_in', 'completed', 'no_show')`, [from, to]);
  const [late] = await em.execute<Array<{ count: string }>>(
    `select count(*) from audit_entry a join booking b on b.number = a.entity_id join service_definition s on s.id = b.service_id
      where a.entity_type = 'booking' and a.action = 'booking.cancelled' and a.created_at between ? and ?
        and b.start_at - a.created_at < make_interval(mins => s.cancel_notice_minutes)`, [from, to]);
  return { bookings: Number(kept?.bookings ?? 0), bookingNoShows: Number(kept?.no_shows ?? 0), lateCancellations: Number(late?.count ?? 0) };
}
