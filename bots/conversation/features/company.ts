import { isAppError } from '../../../core/shared/errors.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

/**
 * An admin of a company taps Approve / Reject on a buyer's order over their limit. Core checks
 * that they are an admin of that order's company (anyone else is told they cannot) and that
 * nobody decided first (the second tap hears who did).
 */
export async function decideForCompany(turn: Turn, orderNumber: string, approve: boolean): Promise<Reply[]> {
  try {
    await turn.deps.core.orders.decideBuyerApproval(orderNumber, approve, await turn.actor());
  } catch (error) {
    if (!isAppError(error) || !['forbidden', 'invalid_transition', 'not_found'].includes(error.code)) throw error;
    const text = error.code === 'invalid_transition'
      ? turn.say('chat.buyer_already', { number: orderNumber, name: String(error.details?.decidedBy ?? '—') })
      : turn.say('chat.buyer_not_admin', { number: orderNumber });
    return [turn.reply(text, mainMenu(turn))];
  }
  return [turn.reply(turn.say(approve ? 'chat.buyer_approved' : 'chat.buyer_rejected', { number: orderNumber }), mainMenu(turn))];
}

/**
 * The buyer accepts or declines a quote sent to them: accepting places the order at the quoted
 * prices (a second tap answers the same order); an expired quote places nothing.
 */
export async function answerQuote(turn: Turn, quoteNumber: string, accept: boolean): Promise<Reply[]> {
  const actor = await turn.actor();
  try {
    if (!accept) {
      await turn.deps.core.quotes.decline(quoteNumber, actor);
      return [turn.reply(turn.say('chat.quote_declined', { number: quoteNumber }), mainMenu(turn))];
    }
    const { order } = await turn.deps.core.quotes.accept(quoteNumber, actor, turn.channel);
    return [turn.reply(turn.say('chat.quote_accepted', { number: quoteNumber, order: order.number }), [
      [turn.button('button.track', { a: 'track', o: order.number }, { number: order.number })],
      ...mainMenu(turn),
    ])];
  } catch (error) {
    if (!isAppError(error) || !['quote_expired', 'invalid_transition', 'forbidden', 'not_found'].includes(error.code)) throw error;
    const key = error.code === 'quote_expired' ? 'chat.quote_expired' : error.code === 'invalid_transition' ? 'chat.quote_closed' : 'chat.quote_not_yours';
    return [turn.reply(turn.say(key, { number: quoteNumber }), mainMenu(turn))];
  }
}
