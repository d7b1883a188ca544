import { checkTransition, type OrderStatus } from '../../../core/orders/index.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import { labelOf } from '../../i18n/index.ts';
import { reattemptDayButtons } from '../../i18n/notices.ts';
import { formatAddress } from './checkout-review.ts';
import { addressIn } from '../../nlu/address.ts';
import { orderNumberIn, orderTailIn } from '../../nlu/entities.ts';
import { wizardEscape } from '../intents.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

const statusLabel = (turn: Turn, status: string) => labelOf(turn.locale, 'status', status);

const customerMayCancel = (status: OrderStatus) => checkTransition(status, 'cancelled', 'customer') === null;

/** `/orders`: the latest five, with a Track button each. */
export async function myOrders(turn: Turn, edit = false): Promise<Reply[]> {
  const { items } = await turn.deps.core.orders.listOrders({ limit: 5 }, await turn.actor());
  if (items.length === 0) return [turn.reply(turn.say('orders.none'), mainMenu(turn), edit)];
  const lines = items.map((order) => turn.say('orders.line', { number: order.number, status: statusLabel(turn, order.status), total: turn.money(order.totalMinor, order.currency) }));
  const buttons = items.map((order) => [turn.button('button.track', { a: 'track', o: order.number }, { number: order.number })]);
  return [turn.reply([turn.say('orders.title'), ...lines].join('\n'), [...buttons, [turn.button('button.menu', { a: 'menu' })]], edit)];
}

const finished = new Set(['delivered', 'completed', 'cancelled', 'rejected', 'returned']);

/** "Where is my parcel" without a number: the customer's latest order still on its way, else their latest. */
async function latestOpenOrder(turn: Turn): Promise<string | undefined> {
  const { items } = await turn.deps.core.orders.listOrders({ limit: 20 }, await turn.actor());
  return (items.find((order) => !finished.has(order.status)) ?? items[0])?.number;
}

/**
 * The order a message is about, among the customer's own: a whole number however written
 * (`so20261202000007`), or its end (`order 0007`, `尾号07`) when exactly one of their latest
 * orders ends so. Another customer's number is never returned.
 */
export async function ownOrderIn(turn: Turn, text: string): Promise<string | undefined> {
  const whole = orderNumberIn(text);
  const tail = whole ? undefined : orderTailIn(text);
  if (!whole && !tail) return undefined;
  const { items } = await turn.deps.core.orders.listOrders({ limit: 50 }, await turn.actor());
  if (whole) return items.some((order) => order.number === whole) ? whole : undefined;
  const matching = items.filter((order) => order.number.replace(/\D/g, '').endsWith(tail!));
  return matching.length === 1 ? matching[0]!.number : undefined;
}

/**
 * `/track [number]`: status, dates and history of one of the customer's own orders (their
 * latest open one when no number is given). Another customer's number is "not found", never shown.
 */
export async function track(turn: Turn, number?: string): Promise<Reply[]> {
  const actor = await turn.actor();
  const wanted = number ?? (await latestOpenOrder(turn));
  if (!wanted) return [turn.reply(turn.say('orders.none'), mainMenu(turn))];
  const order = await turn.deps.core.orders.getOrder(wanted, actor).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'not_found') return null;
    throw error;
  });
  if (!order) return [turn.reply(turn.say('track.not_found', { number: wanted }), mainMenu(turn))];
  const history = order.timeline.filter((entry) => typeof entry.to === 'string')
    .map((entry) => turn.say('track.event', { date: turn.date(entry.at), status: statusLabel(turn, String(entry.to)) }));
  const text = [
    turn.say('track.title', { number: order.number, status: statusLabel(turn, order.status) }),
    turn.say('track.placed', { date: turn.date(order.placedAt) }),
    ...(order.promisedAt && !['delivered', 'completed', 'cancelled', 'rejected'].includes(order.status) ? [turn.say('track.expected', { date: turn.date(order.promisedAt) })] : []),
    ...order.production.map((made) => turn.say('track.in_production', { name: order.lines.find((line) => line.sku === made.sku)?.name ?? made.sku, made: made.made, planned: made.planned })),
    turn.say('track.timeline'),
    ...history,
  ].join('\n');
  const buttons = [
    ...(customerMayCancel(order.status as OrderStatus) ? [[turn.button('button.cancel_order', { a: 'cxl', o: order.number }, { number: order.number })]] : []),
    ...(order.status === 'delivered' || order.status === 'completed' ? [[turn.button('button.return', { a: 'ret', o: order.number }, { number: order.number })]] : []),
    ...mainMenu(turn),
  ];
  return [turn.reply(text, buttons)];
}

/** `/cancel <number>`: asks for confirmation when the customer may still cancel it. */
export async function askCancel(turn: Turn, number?: string): Promise<Reply[]> {
  const actor = await turn.actor();
  if (!number) {
    const open = (await turn.deps.core.orders.listOrders({ limit: 20 }, actor)).items.filter((order) => customerMayCancel(order.status as OrderStatus));
    if (open.length === 0) return [turn.reply(turn.say('cancel.none'), mainMenu(turn))];
    return [turn.reply(turn.say('cancel.which'), [
      ...open.slice(0, 5).map((order) => [turn.button('button.cancel_order', { a: 'cxl', o: order.number }, { number: order.number })]),
      [turn.button('button.menu', { a: 'menu' })],
    ])];
  }
  const order = await turn.deps.core.orders.getOrder(number, actor).catch(() => null);
  if (!order) return [turn.reply(turn.say('track.not_found', { number }), mainMenu(turn))];
  if (!customerMayCancel(order.status as OrderStatus)) {
    return [turn.reply(turn.say('cancel.not_allowed', { number, status: statusLabel(turn, order.status) }), mainMenu(turn))];
  }
  return [turn.reply(turn.say('cancel.confirm', { number }), [[
    turn.button('button.cancel_yes', { a: 'cxy', o: number }, { number }),
    turn.button('button.cancel_no', { a: 'cxn', o: number }),
  ]])];
}

/** "Yes, cancel": through the core, which releases the stock and tells the customer. */
export async function cancelConfirmed(turn: Turn, number: string): Promise<Reply[]> {
  const actor = await turn.actor();
  try {
    await turn.deps.core.orders.cancelOrder(number, actor, 'cancelled by the customer in chat');
  } catch (error) {
    if (!isAppError(error) || !['invalid_transition', 'forbidden', 'not_found'].includes(error.code)) throw error;
    const order = await turn.deps.core.orders.getOrder(number, actor).catch(() => null);
    if (!order) return [turn.reply(turn.say('track.not_found', { number }), mainMenu(turn), true)];
    return [turn.reply(turn.say('cancel.not_allowed', { number, status: statusLabel(turn, order.status) }), mainMenu(turn), true)];
  }
  return [turn.reply(turn.say('cancel.requested', { number }), undefined, true)];
}

export function cancelDeclined(turn: Turn, number: string): Reply[] {
  return [turn.reply(turn.say('cancel.kept', { number }), mainMenu(turn), true)];
}

/** `/return <number> [reason]`: asks for a return of a delivered order within the return window. */
export async function askReturn(turn: Turn, number: string | undefined, reason: string): Promise<Reply[]> {
  if (!number) {
    // The orders that can be returned, as buttons (delivered ones, newest first).
    const { items } = await turn.deps.core.orders.listOrders({ limit: 20 }, await turn.actor());
    const delivered = items.filter((order) => order.status === 'delivered' || order.status === 'completed').slice(0, 5);
    return [turn.reply(turn.say(delivered.length > 0 ? 'return.choose' : 'return.which'), [
      ...delivered.map((order) => [turn.button('button.return', { a: 'ret', o: order.number }, { number: order.number })]),
      ...mainMenu(turn),
    ])];
  }
  const windowDays = turn.deps.returnWindowDays ?? 7;
  try {
    const request = await turn.deps.core.support.requestReturn(number, reason || 'requested in chat', await turn.actor());
    return [turn.reply(turn.say('return.requested', { rma: request.rma, number }), mainMenu(turn))];
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'not_found') return [turn.reply(turn.say('track.not_found', { number }), mainMenu(turn))];
    if (error.code === 'rule_violation') return [turn.reply(turn.say('return.window_closed', { number, days: windowDays }), mainMenu(turn))];
    if (error.code === 'invalid_transition') return [turn.reply(turn.say('return.not_allowed', { number, status: statusLabel(turn, String(error.details?.status ?? '')) }), mainMenu(turn))];
    throw error;
  }
}

/** A day picked for the next delivery attempt after a failed one: asked of the carrier through core. */
export async function reattempt(turn: Turn, number: string, date: string): Promise<Reply[]> {
  const actor = await turn.actor();
  const address = turn.state.reattempt?.orderNumber === number ? turn.state.reattempt.address : undefined;
  try {
    await turn.deps.core.logistics.requestReattempt(number, date, actor, address);
    turn.state.reattempt = undefined;
  } catch (error) {
    if (!isAppError(error) || !['invalid_transition', 'invalid_input', 'not_found'].includes(error.code)) throw error;
    const order = await turn.deps.core.orders.getOrder(number, actor).catch(() => null);
    if (!order) return [turn.reply(turn.say('track.not_found', { number }), mainMenu(turn))];
    return [turn.reply(turn.say('reattempt.not_possible', { number, status: statusLabel(turn, order.status) }), mainMenu(turn))];
  }
  return [turn.reply(turn.say('reattempt.booked', { number, date: turn.date(`${date}T12:00:00Z`) }), mainMenu(turn), true)];
}

/** "Deliver to a new address": the next text is read as the address, then a day is picked. */
export function askReattemptAddress(turn: Turn, number: string): Reply[] {
  turn.state.reattempt = { orderNumber: number };
  return [turn.reply(turn.say('reattempt.address_ask', { number }))];
}

/** Text written while a new delivery address is asked. */
export function reattemptText(turn: Turn, text: string): Reply[] | null {
  const pending = turn.state.reattempt;
  if (!pending || pending.address) return null;
  const escape = wizardEscape(text);
  if (escape) {
    turn.state.reattempt = undefined;
    return escape !== 'human' ? [turn.reply(turn.say('reattempt.dropped', { number: pending.orderNumber }), mainMenu(turn))] : null;
  }
  const address = addressIn(text);
  if (!address) return [turn.reply(turn.say('checkout.address.invalid'))];
  pending.address = address;
  return [turn.reply(
    turn.say('reattempt.pick_day', { number: pending.orderNumber, address: formatAddress(address) }),
    reattemptDayButtons(pending.orderNumber, turn.deps.core.clock.now().toISOString(), turn.locale, turn.deps.timeZone),
  )];
}
