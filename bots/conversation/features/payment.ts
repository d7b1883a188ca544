import type { OrderView, PaymentMethod } from '../../../core/orders/index.ts';
import { onlineMethods } from '../../../core/payments/index.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

/** What to do to pay, right after placing: the online payment page, or the shop's bank account. */
export async function paymentInstructions(turn: Turn, order: OrderView): Promise<Reply[]> {
  const { payments } = turn.deps.core;
  if (order.paymentMethod === 'bank_transfer' && payments.bankTransferDetails()) {
    return [turn.reply(turn.say('checkout.bank_transfer', { amount: turn.money(order.totalMinor, order.currency), details: payments.bankTransferDetails()!, number: order.number }))];
  }
  if (!onlineMethods.has(order.paymentMethod as PaymentMethod)) return [];
  return [await paymentLink(turn, order.number, order.totalMinor, order.currency)];
}

/** The payment page of an order paid online (`/pay <number>` asks again). */
export async function paymentLink(turn: Turn, number: string, amountMinor: number, currency: string): Promise<Reply> {
  try {
    const page = await turn.deps.core.payments.startOnlinePayment(number, await turn.actor());
    return turn.reply(turn.say('checkout.pay_online', { amount: turn.money(amountMinor, currency), number, url: page.url, time: turn.dateTime(page.expiresAt.toISOString()) }));
  } catch (error) {
    if (isAppError(error) && error.kind !== 'unavailable') throw error;
    turn.deps.logger.warn({ err: (error as Error).message, order: number }, 'payment page not made; the customer can ask again with /pay');
    return turn.reply(turn.say('checkout.pay_later', { number }));
  }
}

/** `/pay <number>`: the payment page of the customer's own order, again. */
export async function payCommand(turn: Turn, number: string | undefined): Promise<Reply[]> {
  if (!number) return [turn.reply(turn.say('chat.help'), mainMenu(turn))];
  const order = await turn.deps.core.orders.getOrder(number, await turn.actor());
  if (!onlineMethods.has(order.paymentMethod as PaymentMethod)) return [turn.reply(turn.say('pay.not_online', { number }), mainMenu(turn))];
  if (!['unpaid', 'pending', 'partially_paid'].includes(order.paymentStatus) || !['pending_approval', 'confirmed'].includes(order.status)) {
    return [turn.reply(turn.say('pay.nothing_due', { number }), mainMenu(turn))];
  }
  return [await paymentLink(turn, number, order.totalMinor, order.currency)];
}
