import type { EntityManager } from '@mikro-orm/postgresql';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { activeBookingStatuses, Booking } from './booking.entity.ts';
import { bookingLifecycle } from './booking-state.ts';
import { blockedRange, slotRefusal } from './slots.ts';
import { calendarOf, rulesOf } from './resources.ts';
import { bookingView, type BookingView } from './booking.view.ts';
import { releaseConsumables, reserveConsumables } from './consumables.ts';
import { isOverlap, letGo, refuseByRule, takeTime, taken } from './booking-time.ts';

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
  if (!activeBookingStatuses.includes(to)) await letGo(tx, [booking.id]);
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
  if (refusal) refuseByRule(refusal, booking.service);
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
