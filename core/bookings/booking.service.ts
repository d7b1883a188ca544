import type { EntityManager } from '@mikro-orm/postgresql';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { nextDocumentNumber } from '../shared/document-number.ts';
import { localDate, shiftDate } from '../shared/calendar.ts';
import { BookableResource, Booking, type ServiceDefinition } from './booking.entity.ts';
import { bookingLifecycle } from './booking-state.ts';
import { availableSlots, blockedRange, slotRefusal, type Slot } from './slots.ts';
import { calendarOf, findResource, findService, rulesOf } from './resources.ts';
import { bookingView, type BookingView } from './booking.view.ts';
import { releaseConsumables, reserveConsumables } from './consumables.ts';

/** How long a picked slot is kept for its customer (chat takes longer than a web form). */
export const holdMinutes = 10;

export interface HoldInput {
  sku: string;
  start: Date;
  /** A resource code (or its id, from a chat button), or neither for "anyone who gives the service". */
  resource?: string | undefined;
  resourceId?: number | undefined;
  customerId: number;
  channel: string;
}

const isOverlap = (error: unknown) => (error as { code?: string }).code === '23P01' || (error as { cause?: { code?: string } }).cause?.code === '23P01';

/** The resources giving a service, least booked on the day first, then by id (how "anyone" spreads bookings). */
async function qualified(tx: EntityManager, service: ServiceDefinition, start: Date, code?: string): Promise<BookableResource[]> {
  if (code) {
    const resource = await findResource(tx, code);
    if (!resource.active || !resource.services.getItems().some((each) => each.id === service.id)) {
      throw new AppError('rule_violation', `${code} does not give ${service.product.sku}`, { resource: code });
    }
    return [resource];
  }
  const rows = await tx.execute<Array<{ id: number }>>(
    `select r.id from bookable_resource r join resource_service rs on rs.bookable_resource_id = r.id
      where rs.service_definition_id = ? and r.active
      order by (select count(*) from booking b where b.resource_id = r.id and b.status in ('held', 'pending_confirmation', 'confirmed', 'checked_in')
                  and b.start_at >= ?::timestamptz - interval '12 hours' and b.start_at < ?::timestamptz + interval '12 hours'), r.id`,
    [service.id, start, start],
  );
  return tx.find(BookableResource, { id: { $in: rows.map((row) => row.id) } }).then((found) => rows.map((row) => found.find((each) => each.id === row.id)!));
}

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
async function takeTime(tx: EntityManager, booking: Booking, service: ServiceDefinition): Promise<boolean> {
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

/** Holds that ran out but were not swept yet stop taking time (so a lagging sweeper never blocks a slot). */
export async function expireHolds(tx: EntityManager, now: Date): Promise<number> {
  const expired = await tx.execute<Array<{ id: number }>>(
    `update booking set status = 'expired', version = version + 1 where status = 'held' and hold_expires_at < ? returning id`, [now]);
  if (expired.length > 0) await tx.execute('update booking_resource set active = false where booking_id in (?)', [expired.map((row) => row.id)]);
  return expired.length;
}

/** The 409 for a taken time, with up to three free starts nearby. */
async function taken(tx: EntityManager, sku: string, start: Date, now: Date, timeZone: string, code?: string): Promise<AppError> {
  const day = localDate(start, timeZone);
  const alternatives = (await findSlots(tx, sku, day, shiftDate(day, 2), now, code)).filter((slot) => slot.start > start).slice(0, 3);
  return new AppError('slot_unavailable', 'That time was just taken; here are free times nearby', {
    alternatives: alternatives.map((slot) => ({ start: slot.start.toISOString(), localDate: slot.localDate, localTime: slot.localTime, resourceId: slot.resourceId })),
  });
}

/**
 * Holds a slot for a customer for `holdMinutes`: the booking and its resource's time, under the
 * exclusion constraint, so of any number of concurrent holds on overlapping times one wins and
 * the others get 409 `slot_unavailable` with alternatives. A start sooner than the notice, beyond
 * the window or off the grid is refused by rule (422). "Anyone" tries each qualified resource, the
 * least booked first. A customer holds one slot at a time: an earlier hold is let go.
 */
export async function holdSlot(tx: EntityManager, input: HoldInput, actor: Actor, now: Date): Promise<BookingView> {
  const service = await findService(tx, input.sku);
  const code = input.resourceId === undefined ? input.resource : (await tx.findOne(BookableResource, { id: input.resourceId }))?.code ?? `#${input.resourceId}`;
  const resources = await qualified(tx, service, input.start, code);
  if (resources.length === 0) throw new AppError('rule_violation', `Nobody gives ${input.sku} yet`, { sku: input.sku });
  const calendars = await Promise.all(resources.map((resource) => calendarOf(tx, resource)));
  const refusals = calendars.map((calendar) => slotRefusal(rulesOf(service), calendar, input.start, now));
  if (refusals.every((refusal) => refusal !== null)) {
    const refusal = refusals[0]!;
    if (refusal === 'outside_hours') throw new AppError('rule_violation', 'That time is not on the booking grid or outside working hours', { reason: 'outside_hours' });
    throw new AppError(refusal, refusal === 'notice_period' ? `Book at least ${service.minNoticeMinutes} minutes ahead` : `Bookings open ${service.maxAdvanceDays} days ahead`, {});
  }
  const earlier = await tx.execute<Array<{ id: number }>>(`update booking set status = 'expired', version = version + 1 where customer_id = ? and status = 'held' returning id`, [input.customerId]);
  if (earlier.length > 0) await tx.execute('update booking_resource set active = false where booking_id in (?)', [earlier.map((row) => row.id)]);
  const number = await nextDocumentNumber(tx, 'booking_number_seq', 'BK');
  const end = new Date(input.start.getTime() + service.durationMinutes * 60_000);
  for (const [index, resource] of resources.entries()) {
    if (refusals[index] !== null) continue;
    const booking = tx.create(Booking, {
      number, customer: input.customerId, service, resource, startAt: input.start, endAt: end, status: 'held',
      holdExpiresAt: new Date(now.getTime() + holdMinutes * 60_000), channel: input.channel, cancelReason: null,
    });
    await tx.flush();
    if (await takeTime(tx, booking, service) || (await expireHolds(tx, now) > 0 && await takeTime(tx, booking, service))) {
      audit(tx, actor, { entityType: 'booking', entityId: number, action: 'booking.held', after: { start: input.start.toISOString(), resource: resource.code } });
      await tx.flush();
      return bookingView(tx, booking);
    }
    await tx.nativeDelete(Booking, { id: booking.id });
    tx.getUnitOfWork().unsetIdentity(booking);
  }
  throw await taken(tx, input.sku, input.start, now, resources[0]!.timeZone, code);
}

/** The booking, its row locked; a customer reaches only their own (others: not found). */
export async function lockBooking(tx: EntityManager, number: string, actor: Actor): Promise<Booking> {
  const booking = await tx.findOne(Booking, { number }, { lockMode: 'pessimistic_write' as never });
  const owner = customerIdOf(actor);
  if (!booking || (owner !== null && booking.customer.id !== owner)) throw new AppError('not_found', `No booking ${number}`, { number });
  await tx.populate(booking, ['service.product', 'resource']);
  return booking;
}

/** One status step, checked, audited, published, the version raised; `active` follows whether the booking still takes time. */
export async function moveBooking(tx: EntityManager, booking: Booking, to: Booking['status'], actor: Actor, detail: Record<string, unknown> = {}): Promise<void> {
  const from = booking.status;
  bookingLifecycle.assert(from, to, booking.number);
  booking.status = to;
  booking.version += 1;
  if (!['held', 'pending_confirmation', 'confirmed', 'checked_in'].includes(to)) await tx.execute('update booking_resource set active = false where booking_id = ?', [booking.id]);
  audit(tx, actor, { entityType: 'booking', entityId: booking.number, action: `booking.${to}`, before: { status: from }, after: { status: to, ...detail } });
  if (to === 'confirmed' || to === 'cancelled') {
    publish(tx, `booking.${to}`, { type: 'booking', id: booking.number }, { customerId: booking.customer.id, version: booking.version, startAt: booking.startAt.toISOString(), ...detail });
  }
  await tx.flush();
}

/** No-shows of the booking's customer in the last 90 days. */
async function recentNoShows(tx: EntityManager, booking: Booking, now: Date): Promise<number> {
  const [row] = await tx.execute<Array<{ count: string }>>(
    `select count(*) from booking where customer_id = ? and status = 'no_show' and start_at >= ?::timestamptz - interval '90 days'`, [booking.customer.id, now]);
  return Number(row!.count);
}

/**
 * Confirms a hold, once: confirming a confirmed booking returns it unchanged (a repeated Telegram
 * update, a second button). A hold that ran out is taken again if its time is still free, else
 * 409 `slot_unavailable` with alternatives. The service's consumables are reserved now (or the
 * confirmation refused when one is short and the service blocks). A customer with the service's
 * no-show limit reached in 90 days waits for staff: `pending_confirmation`.
 */
export async function confirmBooking(tx: EntityManager, number: string, actor: Actor, now: Date): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.status === 'confirmed' || booking.status === 'pending_confirmation') return bookingView(tx, booking);
  if (booking.status === 'held' && booking.holdExpiresAt! < now) await moveBooking(tx, booking, 'expired', actor);
  if (booking.status === 'expired') {
    if (!(await takeTime(tx, booking, booking.service))) throw await taken(tx, booking.service.product.sku, booking.startAt, now, booking.resource.timeZone, booking.resource.code);
    await moveBooking(tx, booking, 'held', actor);
  }
  booking.holdExpiresAt = null;
  if (actor.type !== 'staff' && await recentNoShows(tx, booking, now) >= booking.service.noShowLimit) {
    await moveBooking(tx, booking, 'pending_confirmation', actor);
    publish(tx, 'booking.pending_confirmation', { type: 'booking', id: booking.number }, { customerId: booking.customer.id, version: booking.version, startAt: booking.startAt.toISOString() });
    await tx.flush();
    return bookingView(tx, booking);
  }
  await reserveConsumables(tx, booking, actor);
  await moveBooking(tx, booking, 'confirmed', actor);
  return bookingView(tx, booking);
}

/** A customer may change a booking only until `noticeMinutes` before it starts; staff any time (with a reason, audited). */
function checkWindow(booking: Booking, actor: Actor, noticeMinutes: number, now: Date, reason: string | undefined): void {
  if (actor.type === 'customer') {
    if (booking.startAt.getTime() - now.getTime() < noticeMinutes * 60_000) {
      throw new AppError('cancellation_window', `${booking.number} starts within ${Math.round(noticeMinutes / 60)} hours: please call us to change it`, { number: booking.number, noticeMinutes });
    }
    return;
  }
  if (actor.type === 'staff' && booking.startAt.getTime() - now.getTime() < noticeMinutes * 60_000 && !reason?.trim()) {
    throw new AppError('invalid_input', 'Inside the customer\'s window, staff give a reason', { number: booking.number });
  }
}

export async function cancelBooking(tx: EntityManager, number: string, actor: Actor, now: Date, reason?: string): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.status !== 'held') checkWindow(booking, actor, booking.service.cancelNoticeMinutes, now, reason);
  booking.cancelReason = reason?.trim() || null;
  await releaseConsumables(tx, booking, actor);
  await moveBooking(tx, booking, 'cancelled', actor, { reason: booking.cancelReason });
  return bookingView(tx, booking);
}

/**
 * Moves a booking to another start, keeping its number: `version` must be the one the caller saw
 * (an older button is refused, 409 `concurrent_update`); the new time is checked by the rules and
 * by the exclusion constraint, where the booking's own old time no longer counts (10:00 → 10:15
 * works); a taken time changes nothing (409 `slot_unavailable`).
 */
export async function rescheduleBooking(tx: EntityManager, number: string, start: Date, version: number, actor: Actor, now: Date, reason?: string): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.version !== version) throw new AppError('concurrent_update', `${number} changed since (version ${booking.version}); look at it again`, { number, version: booking.version });
  if (!['held', 'pending_confirmation', 'confirmed'].includes(booking.status)) {
    throw new AppError('invalid_transition', `Booking ${number} is ${booking.status} and cannot be moved`, { status: booking.status });
  }
  checkWindow(booking, actor, booking.service.rescheduleNoticeMinutes, now, reason);
  const refusal = slotRefusal(rulesOf(booking.service), await calendarOf(tx, booking.resource), start, now);
  if (refusal === 'outside_hours') throw new AppError('rule_violation', 'That time is not on the booking grid or outside working hours', { reason: 'outside_hours' });
  if (refusal) throw new AppError(refusal, refusal === 'notice_period' ? 'Too soon for this service' : 'Too far ahead for this service', {});
  const { from, to } = blockedRange(rulesOf(booking.service), start);
  try {
    await tx.transactional((inner) => inner.execute(
      `update booking_resource set blocked_range = tstzrange(?::timestamptz, ?::timestamptz, '[)') where booking_id = ? and active`, [from, to, booking.id]));
  } catch (error) {
    if (!isOverlap(error)) throw error;
    throw await taken(tx, booking.service.product.sku, start, now, booking.resource.timeZone, booking.resource.code);
  }
  const before = booking.startAt;
  booking.startAt = start;
  booking.endAt = new Date(start.getTime() + booking.service.durationMinutes * 60_000);
  booking.version += 1;
  audit(tx, actor, { entityType: 'booking', entityId: number, action: 'booking.rescheduled', before: { start: before.toISOString() }, after: { start: start.toISOString(), reason: reason ?? null } });
  publish(tx, 'booking.rescheduled', { type: 'booking', id: number }, { customerId: booking.customer.id, version: booking.version, startAt: start.toISOString() });
  await tx.flush();
  return bookingView(tx, booking);
}
