import { isAppError, type AppError } from '../../../core/shared/errors.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';
import { bookDays, bookTimes, type Picking } from './booking.ts';

const stale = (turn: Turn, number: string, edit = false): Reply => turn.reply(turn.say('book.stale', { number }), [[turn.button('button.my_bookings', { a: 'bkl' })]], edit);
const gone = (turn: Turn, number: string, edit = false): Reply => turn.reply(turn.say('book.gone', { number }), mainMenu(turn), edit);
/** Inside the customer's window: please call us (how many hours the service's notice is). */
const tooLate = (turn: Turn, number: string, error: AppError, edit = false): Reply =>
  turn.reply(turn.say('book.window', { number, hours: Math.round(Number(error.details?.noticeMinutes ?? 0) / 60) }), mainMenu(turn), edit);

/** `/bookings`: what is ahead, each with [Move] and [Cancel] (of the version shown). */
export async function myBookings(turn: Turn): Promise<Reply[]> {
  const now = new Date();
  const bookings = (await turn.deps.core.bookings.list(await turn.actor()))
    .filter((booking) => new Date(booking.startAt) > now && ['confirmed', 'pending_confirmation', 'held'].includes(booking.status)).reverse().slice(0, 10);
  if (bookings.length === 0) return [turn.reply(turn.say('book.none'), [[turn.button('button.book', { a: 'bk' })], ...mainMenu(turn)])];
  const lines = bookings.map((booking) => turn.say('book.line', { number: booking.number, service: booking.service, date: turn.date(`${booking.localDate}T12:00:00Z`), time: booking.localTime, resource: booking.resource }));
  const buttons = bookings.map((booking) => [
    turn.button('book.move_button', { a: 'bkm', b: booking.number, v: booking.version }, { number: booking.number }),
    turn.button('book.cancel_button', { a: 'bkx', b: booking.number, v: booking.version }, { number: booking.number }),
  ]);
  return [turn.reply([turn.say('book.mine'), ...lines].join('\n'), [...buttons, ...mainMenu(turn)])];
}

/** [Cancel] on a booking (or on a hold): refused politely inside the cancellation window; a button of an older version is stale. */
export async function bookCancel(turn: Turn, number: string, version: number): Promise<Reply[]> {
  const actor = await turn.actor();
  try {
    const current = await turn.deps.core.bookings.get(number, actor);
    if (current.version !== version) return [stale(turn, number)];
    await turn.deps.core.bookings.cancel(number, actor);
    return [turn.reply(turn.say('book.cancelled', { number }), [[turn.button('button.book', { a: 'bk' })], ...mainMenu(turn)])];
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'cancellation_window') return [tooLate(turn, number, error)];
    if (['not_found', 'invalid_transition'].includes(error.code)) return [gone(turn, number)];
    throw error;
  }
}

/** How moving a booking picks its new time: its service's days and times, or why not ('gone', 'stale'). */
async function movePicking(turn: Turn, number: string, version: number): Promise<Picking | 'gone' | 'stale'> {
  const actor = await turn.actor();
  const booking = await turn.deps.core.bookings.get(number, actor).catch((error: unknown) => (isAppError(error) && error.code === 'not_found' ? null : Promise.reject(error)));
  if (!booking) return 'gone';
  if (booking.version !== version) return 'stale';
  const service = (await turn.deps.core.bookings.listServices(actor)).find((each) => each.sku === booking.sku);
  return service ? { kind: 'move', serviceId: service.id, number, version } : 'gone';
}

/** [Move] on a booking: its service's days; a button from before the booking changed is stale. */
export async function bookMove(turn: Turn, number: string, version: number): Promise<Reply[]> {
  const picking = await movePicking(turn, number, version);
  if (picking === 'gone') return [gone(turn, number)];
  return picking === 'stale' ? [stale(turn, number)] : bookDays(turn, picking);
}

/** The day's times for moving a booking. */
export async function bookMoveDay(turn: Turn, number: string, version: number, day: string, page: number): Promise<Reply[]> {
  const picking = await movePicking(turn, number, version);
  if (picking === 'gone') return [gone(turn, number)];
  return picking === 'stale' ? [stale(turn, number)] : bookTimes(turn, picking, day, page);
}

/** The new time picked: moved (same number), unless taken meanwhile, too close to the start, or the booking changed since. */
export async function bookMoveTo(turn: Turn, number: string, version: number, minute: number): Promise<Reply[]> {
  try {
    const moved = await turn.deps.core.bookings.reschedule(number, new Date(minute * 60_000), version, await turn.actor());
    return [turn.reply(turn.say('book.moved', { number, service: moved.service, date: turn.date(`${moved.localDate}T12:00:00Z`), time: moved.localTime, resource: moved.resource }), [
      [turn.button('button.my_bookings', { a: 'bkl' })], ...mainMenu(turn),
    ], true)];
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'concurrent_update') return [stale(turn, number, true)];
    if (error.code === 'cancellation_window') return [tooLate(turn, number, error, true)];
    if (['slot_unavailable', 'notice_period', 'too_far_ahead', 'rule_violation'].includes(error.code)) return [turn.reply(turn.say('book.taken'), [[turn.button('button.my_bookings', { a: 'bkl' })]], true)];
    if (['not_found', 'invalid_transition'].includes(error.code)) return [gone(turn, number, true)];
    throw error;
  }
}

/** A reminder's [I'll be there]: the desk sees the customer said they will come; a button of an older version is stale. */
export async function bookAttend(turn: Turn, number: string, version: number): Promise<Reply[]> {
  try {
    const booking = await turn.deps.core.bookings.acknowledge(number, version, await turn.actor());
    return [turn.reply(turn.say('book.attending', { number, date: turn.date(`${booking.localDate}T12:00:00Z`), time: booking.localTime }), [[turn.button('button.my_bookings', { a: 'bkl' })]])];
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'concurrent_update') return [stale(turn, number)];
    if (['not_found', 'invalid_transition'].includes(error.code)) return [gone(turn, number)];
    throw error;
  }
}
