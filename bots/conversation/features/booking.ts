import { isAppError } from '../../../core/shared/errors.ts';
import { localDate, shiftDate } from '../../../core/shared/calendar.ts';
import type { BookableServiceView, BookingView } from '../../../core/bookings/index.ts';
import type { ChatButton } from '../../../core/conversations/index.ts';
import type { Reply } from '../io.ts';
import type { CallbackData } from '../callback-data.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

/** Times shown per page of a day. */
const timesPerPage = 8;
/** Days ahead a customer picks from. */
const daysAhead = 7;

const serviceName = (turn: Turn, service: BookableServiceView) => (turn.locale === 'zh-CN' ? service.nameZh ?? service.name : service.name);
const minuteOf = (at: Date) => Math.round(at.getTime() / 60_000);

/** `/book`: the services someone gives, each with its length and price. */
export async function bookServices(turn: Turn, edit = false): Promise<Reply[]> {
  const services = await turn.deps.core.bookings.listServices(await turn.actor());
  if (services.length === 0) return [turn.reply(turn.say('book.nothing'), mainMenu(turn), edit)];
  const buttons = services.slice(0, 20).map((service) => [turn.button('book.service_button', { a: 'bks', s: service.id }, {
    name: serviceName(turn, service), minutes: service.durationMinutes, price: turn.money(service.priceMinor, service.currency),
  })]);
  return [turn.reply(turn.say('book.services'), [...buttons, ...mainMenu(turn)], edit)];
}

/** Where the day and time buttons lead: a new booking of a service, or moving one booking (of the version shown). */
export type Picking = { kind: 'book'; serviceId: number } | { kind: 'move'; serviceId: number; number: string; version: number };

const daysData = (picking: Picking): CallbackData => (picking.kind === 'book' ? { a: 'bks', s: picking.serviceId } : { a: 'bkm', b: picking.number, v: picking.version });
const dayData = (picking: Picking, day: string, page: number): CallbackData => (picking.kind === 'book'
  ? { a: 'bkd', s: picking.serviceId, d: day, p: page } : { a: 'bkmd', b: picking.number, v: picking.version, d: day, p: page });
const timeData = (picking: Picking, minute: number): CallbackData => (picking.kind === 'book'
  ? { a: 'bkt', s: picking.serviceId, t: minute } : { a: 'bkmt', b: picking.number, v: picking.version, t: minute });

/** The next days with a free time for the service. */
export async function bookDays(turn: Turn, picking: Picking): Promise<Reply[]> {
  const today = localDate(new Date(), turn.deps.timeZone);
  const { service, slots } = await turn.deps.core.bookings.slotsById(picking.serviceId, today, shiftDate(today, daysAhead - 1), await turn.actor());
  const days = [...new Set(slots.map((slot) => slot.localDate))];
  if (days.length === 0) return [turn.reply(turn.say('book.no_days', { service: serviceName(turn, service) }), [[turn.button('button.book', { a: 'bk' })], ...mainMenu(turn)], true)];
  const buttons = days.map((day) => [turn.button('book.day_button', dayData(picking, day, 1), { date: turn.date(`${day}T12:00:00Z`) })]);
  const title = picking.kind === 'book' ? turn.say('book.days', { service: serviceName(turn, service) }) : turn.say('book.move_days', { number: picking.number });
  return [turn.reply(title, [...buttons, [turn.button('button.book', { a: 'bk' })]], true)];
}

/** The free times of one day, a page at a time, as the wall clock at the resource. */
export async function bookTimes(turn: Turn, picking: Picking, day: string, page: number): Promise<Reply[]> {
  const { service, slots } = await turn.deps.core.bookings.slotsById(picking.serviceId, day, day, await turn.actor());
  // One button per time (the first resource free then); "anyone" is what a customer asks for.
  const times = slots.filter((slot, index) => slots.findIndex((other) => other.start.getTime() === slot.start.getTime()) === index);
  if (times.length === 0) return bookDays(turn, picking);
  const shown = times.slice((page - 1) * timesPerPage, page * timesPerPage);
  const buttons: ChatButton[][] = [];
  for (let index = 0; index < shown.length; index += 4) {
    buttons.push(shown.slice(index, index + 4).map((slot) => turn.button('book.time_button', timeData(picking, minuteOf(slot.start)), { time: slot.localTime })));
  }
  if (times.length > page * timesPerPage) buttons.push([turn.button('book.more_times', dayData(picking, day, page + 1))]);
  buttons.push([turn.button('book.other_day', daysData(picking))]);
  return [turn.reply(turn.say('book.times', { service: serviceName(turn, service), date: turn.date(`${day}T12:00:00Z`) }), buttons, true)];
}

function summary(turn: Turn, booking: BookingView, service: BookableServiceView | undefined): string {
  return turn.say('book.held', {
    time: booking.localTime, date: turn.date(`${booking.localDate}T12:00:00Z`), resource: booking.resource, service: service ? serviceName(turn, service) : booking.service,
    price: service ? turn.money(service.priceMinor, service.currency) : '—', hours: Math.round((service?.cancelNoticeMinutes ?? 0) / 60),
  });
}

/** Holds the picked time for 10 minutes (nobody else sees it meanwhile) and asks to confirm; taken meanwhile: other times. */
export async function bookHold(turn: Turn, serviceId: number, minute: number): Promise<Reply[]> {
  const actor = await turn.actor();
  const services = await turn.deps.core.bookings.listServices(actor);
  const service = services.find((each) => each.id === serviceId);
  if (!service) return bookServices(turn, true);
  try {
    const booking = await turn.deps.core.bookings.hold({ sku: service.sku, start: new Date(minute * 60_000), channel: turn.channel }, actor);
    return [turn.reply(summary(turn, booking, service), [
      [turn.button('book.confirm', { a: 'bkc', b: booking.number }), turn.button('book.drop', { a: 'bkx', b: booking.number, v: booking.version })],
    ], true)];
  } catch (error) {
    if (!isAppError(error) || !['slot_unavailable', 'notice_period', 'too_far_ahead', 'rule_violation'].includes(error.code)) throw error;
    const day = localDate(new Date(minute * 60_000), turn.deps.timeZone);
    const picking: Picking = { kind: 'book', serviceId };
    return [turn.reply(turn.say('book.taken'), [[turn.button('book.other_time', dayData(picking, day, 1))], [turn.button('book.other_day', daysData(picking))]], true)];
  }
}

/**
 * [Confirm]: once (a repeated tap or update answers the same booking). A hold that ran out is
 * taken again when the time is still free; else the customer picks another.
 */
export async function bookConfirm(turn: Turn, number: string): Promise<Reply[]> {
  try {
    const booking = await turn.deps.core.bookings.confirm(number, await turn.actor());
    const key = booking.status === 'pending_confirmation' ? 'book.pending' : 'book.confirmed';
    return [turn.reply(turn.say(key, { number: booking.number, service: booking.service, date: turn.date(`${booking.localDate}T12:00:00Z`), time: booking.localTime, resource: booking.resource }), [
      [turn.button('button.my_bookings', { a: 'bkl' })], ...mainMenu(turn),
    ], true)];
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'slot_unavailable') return [turn.reply(turn.say('book.taken'), [[turn.button('button.book', { a: 'bk' })]], true)];
    if (error.code === 'insufficient_stock') return [turn.reply(turn.say('book.supplies'), [[turn.button('button.book', { a: 'bk' })]], true)];
    if (['not_found', 'invalid_transition'].includes(error.code)) return [turn.reply(turn.say('book.gone', { number }), [[turn.button('button.book', { a: 'bk' })]], true)];
    throw error;
  }
}
