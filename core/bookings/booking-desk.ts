import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { lockBooking, moveBooking, orderBooking, settleOrder } from './booking.service.ts';
import type { BookingOrders } from '../orders/index.ts';
import { bookingView, type BookingView } from './booking.view.ts';
import { consumeConsumables, releaseConsumables, reserveConsumables } from './consumables.ts';

/** Staff confirm a booking that waited for them (a customer past the no-show limit): consumables are reserved now. */
export async function approveBooking(tx: EntityManager, number: string, actor: Actor, orders: BookingOrders): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.status !== 'pending_confirmation') throw new AppError('invalid_transition', `Booking ${number} is ${booking.status}`, { status: booking.status });
  await reserveConsumables(tx, booking, actor);
  await orderBooking(tx, booking, actor, orders);
  await moveBooking(tx, booking, 'confirmed', actor);
  return bookingView(tx, booking);
}

/** Staff turn down a booking that waited for them; one already decided (confirmed, cancelled) is 409. */
export async function declineBooking(tx: EntityManager, number: string, reason: string, actor: Actor): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.status !== 'pending_confirmation') throw new AppError('invalid_transition', `Booking ${number} is ${booking.status}`, { status: booking.status });
  booking.cancelReason = reason;
  await moveBooking(tx, booking, 'cancelled', actor, { reason });
  return bookingView(tx, booking);
}

/** The customer arrived. */
export async function checkIn(tx: EntityManager, number: string, actor: Actor): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  await moveBooking(tx, booking, 'checked_in', actor);
  return bookingView(tx, booking);
}

/** Done: the consumables used (actual quantities by SKU; the plan for the others) leave stock through the ledger. */
export async function completeBooking(tx: EntityManager, number: string, actual: ReadonlyMap<string, number>, actor: Actor, orders: BookingOrders): Promise<BookingView & { consumed: Record<string, number> }> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.status !== 'checked_in') throw new AppError('invalid_transition', `Booking ${number} is ${booking.status}: check the customer in first`, { status: booking.status });
  const consumed = await consumeConsumables(tx, booking, actual, actor);
  await moveBooking(tx, booking, 'completed', actor, { consumed });
  await settleOrder(tx, booking, 'completed', orders);
  return { ...(await bookingView(tx, booking)), consumed };
}

/**
 * The customer did not come: only once the grace period after the start has passed (sooner:
 * 422), only for a confirmed or checked-in booking (a cancelled one never becomes a no-show:
 * 409); its consumables go back to stock, its order is cancelled (reason `no_show`) and it
 * counts against the customer's no-show limit.
 */
export async function markNoShow(tx: EntityManager, number: string, actor: Actor, now: Date, orders: BookingOrders): Promise<BookingView> {
  const booking = await lockBooking(tx, number, actor);
  if (booking.status !== 'confirmed' && booking.status !== 'checked_in') throw new AppError('invalid_transition', `Booking ${number} is ${booking.status} and cannot be a no-show`, { status: booking.status });
  const from = booking.startAt.getTime() + booking.service.noShowGraceMinutes * 60_000;
  if (now.getTime() < from) throw new AppError('rule_violation', `${number} can be marked a no-show from ${new Date(from).toISOString()}`, { from: new Date(from).toISOString() });
  await releaseConsumables(tx, booking, actor);
  booking.noShowAt = now;
  await moveBooking(tx, booking, 'no_show', actor);
  await settleOrder(tx, booking, 'cancelled', orders, 'no_show');
  return bookingView(tx, booking);
}
