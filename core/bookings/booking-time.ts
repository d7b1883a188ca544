import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { localDate, shiftDate } from '../shared/calendar.ts';
import { BookableResource, type Booking, type ServiceDefinition } from './booking.entity.ts';
import { availableSlots, blockedRange, type Slot, type SlotRefusal } from './slots.ts';
import { calendarOf, findResource, findService, rulesOf } from './resources.ts';

/** Whether PostgreSQL refused a write for overlapping active time of one resource (the exclusion constraint, 23P01). */
export const isOverlap = (error: unknown) => (error as { code?: string }).code === '23P01' || (error as { cause?: { code?: string } }).cause?.code === '23P01';

/** Free slots of a service between two local dates (of the resources' zones), for one resource or all that give it; a hold that ran out takes nothing. */
export async function findSlots(em: EntityManager, sku: string, from: string, to: string, now: Date, code?: string): Promise<Slot[]> {
  const service = await findService(em, sku);
  const resources = code ? [await findResource(em, code)] : await em.find(BookableResource, { services: service, active: true }, { orderBy: { id: 'asc' } });
  const busy = await em.execute<Array<{ resource_id: number; from: Date; to: Date }>>(
    `select br.resource_id, lower(br.blocked_range) as "from", upper(br.blocked_range) as "to" from booking_resource br join booking b on b.id = br.booking_id
      where br.active and br.resource_id in (?) and br.blocked_range && tstzrange(?::timestamptz, ?::timestamptz)
        and not (b.status = 'held' and b.hold_expires_at < ?)`,
    [[0, ...resources.map((resource) => resource.id)], new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000), new Date(Date.parse(`${to}T00:00:00Z`) + 2 * 86_400_000), now],
  );
  const calendars = await Promise.all(resources.map((resource) => calendarOf(em, resource)));
  return availableSlots(rulesOf(service), calendars, busy.map((row) => ({ resourceId: row.resource_id, from: new Date(row.from), to: new Date(row.to) })), now, from, to);
}

/** Takes the booking's time from its resource under the exclusion constraint, in a savepoint: false when it overlaps active time. */
export async function takeTime(tx: EntityManager, booking: Booking, service: ServiceDefinition): Promise<boolean> {
  const { from, to } = blockedRange(rulesOf(service), booking.startAt);
  try {
    await tx.transactional((inner) => inner.execute(
      `insert into booking_resource (booking_id, resource_id, blocked_range, active) values (?, ?, tstzrange(?::timestamptz, ?::timestamptz, '[)'), true)`,
      [booking.id, booking.resource.id, from, to],
    ));
    return true;
  } catch (error) {
    if (isOverlap(error)) return false;
    throw error;
  }
}

/** Bookings that stop taking their resource's time (their `booking_resource` rows go inactive). */
export async function letGo(tx: EntityManager, bookingIds: number[]): Promise<void> {
  if (bookingIds.length > 0) await tx.execute('update booking_resource set active = false where booking_id in (?)', [bookingIds]);
}

/** Holds that ran out but were not swept yet stop taking time (so a lagging sweeper never blocks a slot). */
export async function expireHolds(tx: EntityManager, now: Date): Promise<number> {
  const expired = await tx.execute<Array<{ id: number }>>(
    `update booking set status = 'expired', version = version + 1 where status = 'held' and hold_expires_at < ? returning id`, [now]);
  await letGo(tx, expired.map((row) => row.id));
  return expired.length;
}

/** The 409 for a taken time, with up to three free starts nearby. */
export async function taken(tx: EntityManager, sku: string, start: Date, now: Date, timeZone: string, code?: string): Promise<AppError> {
  const day = localDate(start, timeZone);
  const alternatives = (await findSlots(tx, sku, day, shiftDate(day, 2), now, code)).filter((slot) => slot.start > start).slice(0, 3);
  return new AppError('slot_unavailable', 'That time was just taken; here are free times nearby', {
    alternatives: alternatives.map((slot) => ({ start: slot.start.toISOString(), localDate: slot.localDate, localTime: slot.localTime, resourceId: slot.resourceId })),
  });
}

/** Throws the rule a start breaks (422): too soon, too far ahead, or off the grid and working hours. */
export function refuseByRule(refusal: SlotRefusal, service: ServiceDefinition): never {
  if (refusal === 'outside_hours') throw new AppError('rule_violation', 'That time is not on the booking grid or outside working hours', { reason: 'outside_hours' });
  throw new AppError(refusal, refusal === 'notice_period' ? `Book at least ${service.minNoticeMinutes} minutes ahead` : `Bookings open ${service.maxAdvanceDays} days ahead`, {});
}
