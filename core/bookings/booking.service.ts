import type { EntityManager } from '@mikro-orm/postgresql';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { activeBookingStatuses, Booking } from './booking.entity.ts';
import { bookingLifecycle } from './booking-state.ts';
import { blockedRange, slotRefusal } from './slots.ts';
import { calendarOf, givingResource, rulesOf } from './resources.ts';
import { bookingLocalTime, bookingView, type BookingView } from './booking.view.ts';
import { releaseConsumables, reserveConsumables } from './consumables.ts';
import { isOverlap, letGo, refuseByRule, takeTime, taken } from './booking-time.ts';
import { Order, type BookingOrders } from '../orders/index.ts';

/** The booking, its row locked; a customer reaches only their own (others: not found). */
export async function lockBooking(tx: EntityManager, number: string, actor: Actor): Promise<Booking> {
  const booking = await tx.findOne(Booking, { number }, { lockMode: 'pessimistic_write' as never });
  const owner = customerIdOf(actor);
  if (!booking || (owner !== null && booking.customer.id !== owner)) throw new AppError('not_found', `No booking ${number}`, { number });
  await tx.populate(booking, ['service.product', 'resource', 'order']);
  return booking;
}

/** The order that prices the booking, placed once, as it is confirmed (with its consumables). */
export async function orderBooking(tx: EntityManager, booking: Booking, actor: Actor, orders: BookingOrders): Promise<void> {
  if (booking.order) return;
  await tx.populate(booking, ['customer']);
  const local = bookingLocalTime(booking);
  const placed = await orders.place(tx, {
    number: booking.number, customerId: booking.customer.id, sku: booking.service.product.sku, channel: booking.channel, warehouseId: booking.warehouse?.id ?? null, actor,
    contact: { name: booking.customer.name, phone: booking.customer.phone ?? undefined, email: booking.customer.email ?? undefined },
    note: `Booking ${booking.number}: ${booking.service.product.name}, ${local.date} ${local.time} (${booking.resource.timeZone}), ${booking.resource.name}`,
  });
  booking.order = tx.getReference(Order, placed.id);
}

/** The booking ended: its order follows (cancelled with a cancelled or missed booking, completed with a completed one). */
export async function settleOrder(tx: EntityManager, booking: Booking, to: 'cancelled' | 'completed', orders: BookingOrders, reason?: string | null): Promise<void> {
  if (booking.order) await orders.settle(tx, booking.order.number, to, booking.number, reason);
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
export async function confirmBooking(tx: EntityManager, number: string, actor: Actor, now: Date, orders: BookingOrders): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.status === 'confirmed' || booking.status === 'pending_confirmation') return bookingView(tx, booking);
  if (booking.status === 'held' && booking.holdExpiresAt! < now) await moveBooking(tx, booking, 'expired', actor);
  if (booking.status === 'expired') {
    if (!(await takeTime(tx, booking, booking.service))) throw await taken(tx, booking.service.product.sku, booking.startAt, now, booking.resource.timeZone, booking.resource.code);
    await moveBooking(tx, booking, 'held', actor);
  }
  booking.holdExpiresAt = null;
  if (actor.type !== 'staff' && (booking.service.requiresConfirmation || await recentNoShows(tx, booking, now) >= booking.service.noShowLimit)) {
    await moveBooking(tx, booking, 'pending_confirmation', actor);
    publish(tx, 'booking.pending_confirmation', { type: 'booking', id: booking.number }, { customerId: booking.customer.id, version: booking.version, startAt: booking.startAt.toISOString() });
    await tx.flush();
    return bookingView(tx, booking);
  }
  await reserveConsumables(tx, booking, actor);
  await orderBooking(tx, booking, actor, orders);
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

export async function cancelBooking(tx: EntityManager, number: string, actor: Actor, now: Date, orders: BookingOrders, reason?: string): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.status !== 'held') checkWindow(booking, actor, booking.service.cancelNoticeMinutes, now, reason);
  booking.cancelReason = reason?.trim() || null;
  await releaseConsumables(tx, booking, actor);
  await moveBooking(tx, booking, 'cancelled', actor, { reason: booking.cancelReason });
  await settleOrder(tx, booking, 'cancelled', orders, booking.cancelReason);
  return bookingView(tx, booking);
}

/**
 * Moves a booking to another start, keeping its number: `version` must be the one the caller saw
 * (an older button is refused, 409 `concurrent_update`); the new time is checked by the rules and
 * by the exclusion constraint, where the booking's own old time no longer counts (10:00 → 10:15
 * works); a taken time changes nothing (409 `slot_unavailable`). With `resource` it moves to
 * another resource that gives the service (staff reassigning a booking before time off, say).
 */
export async function rescheduleBooking(tx: EntityManager, number: string, start: Date, version: number, actor: Actor, now: Date, reason?: string, resource?: string): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.version !== version) throw new AppError('concurrent_update', `${number} changed since (version ${booking.version}); look at it again`, { number, version: booking.version });
  if (!['held', 'pending_confirmation', 'confirmed'].includes(booking.status)) {
    throw new AppError('invalid_transition', `Booking ${number} is ${booking.status} and cannot be moved`, { status: booking.status });
  }
  checkWindow(booking, actor, booking.service.rescheduleNoticeMinutes, now, reason);
  const target = resource && resource !== booking.resource.code ? await givingResource(tx, booking.service, resource) : booking.resource;
  const refusal = slotRefusal(rulesOf(booking.service), await calendarOf(tx, target), start, now);
  if (refusal) refuseByRule(refusal, booking.service);
  const { from, to } = blockedRange(rulesOf(booking.service), start);
  try {
    await tx.transactional((inner) => inner.execute(
      `update booking_resource set resource_id = ?, blocked_range = tstzrange(?::timestamptz, ?::timestamptz, '[)') where booking_id = ? and active`, [target.id, from, to, booking.id]));
  } catch (error) {
    if (!isOverlap(error)) throw error;
    throw await taken(tx, booking.service.product.sku, start, now, target.timeZone, target.code);
  }
  const before = { start: booking.startAt.toISOString(), resource: booking.resource.code };
  booking.resource = target;
  booking.startAt = start;
  booking.endAt = new Date(start.getTime() + booking.service.durationMinutes * 60_000);
  booking.version += 1;
  booking.attendanceConfirmedAt = null;
  audit(tx, actor, { entityType: 'booking', entityId: number, action: 'booking.rescheduled', before, after: { start: start.toISOString(), resource: target.code, reason: reason ?? null } });
  publish(tx, 'booking.rescheduled', { type: 'booking', id: number }, { customerId: booking.customer.id, version: booking.version, startAt: start.toISOString() });
  await tx.flush();
  return bookingView(tx, booking);
}

/**
 * The customer says they will come (a reminder's button): recorded once for this version of a
 * confirmed booking (a button from before a move is refused, 409 `concurrent_update`).
 */
export async function acknowledgeBooking(tx: EntityManager, number: string, version: number, actor: Actor, now: Date): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.version !== version) throw new AppError('concurrent_update', `${number} changed since (version ${booking.version}); look at it again`, { number, version: booking.version });
  if (booking.status !== 'confirmed') throw new AppError('invalid_transition', `Booking ${number} is ${booking.status}`, { status: booking.status });
  if (!booking.attendanceConfirmedAt) {
    booking.attendanceConfirmedAt = now;
    audit(tx, actor, { entityType: 'booking', entityId: number, action: 'booking.attendance_confirmed', before: null, after: { version } });
    await tx.flush();
  }
  return bookingView(tx, booking);
}

