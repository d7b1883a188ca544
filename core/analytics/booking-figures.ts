import type { EntityManager } from '@mikro-orm/postgresql';
import { endOfLocalDay, startOfLocalDay } from '../shared/calendar.ts';
import { workingIntervals, type ResourceCalendar } from '../bookings/index.ts';

/** One resource's day: the minutes its kept bookings take, of the minutes it works. */
export interface ResourceUtilisation {
  resource: string;
  bookedMinutes: number;
  workingMinutes: number;
}

/**
 * The day's bookings (those starting that business day that were kept: confirmed, attended,
 * done or missed), how many were no-shows, cancellations staff made inside the customer's
 * window (the customer could no longer cancel themselves), and each working resource's
 * utilisation (booked minutes over its working minutes that date, time off counted).
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
  return {
    bookings: Number(kept?.bookings ?? 0), bookingNoShows: Number(kept?.no_shows ?? 0), lateCancellations: Number(late?.count ?? 0),
    utilisation: await utilisation(em, date, from, to),
  };
}

async function utilisation(em: EntityManager, date: string, from: Date, to: Date): Promise<ResourceUtilisation[]> {
  const resources = await em.execute<Array<{ id: number; name: string; time_zone: string; hours: ResourceCalendar['hours']; exceptions: ResourceCalendar['exceptions']; booked: string }>>(
    `select r.id, r.name, r.time_zone,
            coalesce((select json_agg(json_build_object('weekday', h.weekday, 'start', h.start_minute, 'end', h.end_minute)) from working_hours h where h.resource_id = r.id), '[]') as hours,
            coalesce((select json_agg(json_build_object('date', to_char(e.local_date, 'YYYY-MM-DD'), 'kind', e.kind, 'start', e.start_minute, 'end', e.end_minute))
                        from availability_exception e where e.resource_id = r.id and e.local_date = ?::date), '[]') as exceptions,
            (select coalesce(sum(extract(epoch from b.end_at - b.start_at) / 60), 0) from booking b
              where b.resource_id = r.id and b.start_at between ? and ? and b.status in ('confirmed', 'checked_in', 'completed', 'no_show')) as booked
       from bookable_resource r where r.active order by r.code`, [date, from, to]);
  return resources.flatMap((row) => {
    const calendar: ResourceCalendar = { resourceId: row.id, timeZone: row.time_zone, hours: row.hours, exceptions: row.exceptions };
    const workingMinutes = workingIntervals(calendar, date).reduce((sum, interval) => sum + interval.end - interval.start, 0);
    return workingMinutes > 0 ? [{ resource: row.name, bookedMinutes: Math.round(Number(row.booked)), workingMinutes }] : [];
  });
}
