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

/** "Ask for a quote" on a company buyer's cart: a draft at their prices goes to staff; the cart stays. */
export async function requestQuote(turn: Turn): Promise<Reply[]> {
  const items = await turn.deps.core.catalog.items(turn.state.cart.map((line) => line.productId));
  const lines = turn.state.cart.flatMap((line) => {
    const item = items.find((entry) => entry.id === line.productId);
    return item ? [{ sku: item.sku, quantity: line.quantity }] : [];
  });
  if (lines.length === 0) return [turn.reply(turn.say('cart.empty'), mainMenu(turn))];
  try {
    const quote = await turn.deps.core.quotes.request(lines, await turn.actor());
    return [turn.reply(turn.say('chat.quote_requested', { number: quote.number }), mainMenu(turn))];
  } catch (error) {
    if (!isAppError(error) || error.code !== 'forbidden') throw error;
    return [turn.reply(turn.say('chat.quote_request_refused'), mainMenu(turn))];
  }
}

/** `/quotes`: the company's quotes still open, each with Accept / Decline. */
export async function openQuotes(turn: Turn): Promise<Reply[]> {
  const quotes = await turn.deps.core.quotes.openQuotes(await turn.actor());
  if (quotes.length === 0) return [turn.reply(turn.say('chat.quotes.none'), mainMenu(turn))];
  const text = [turn.say('chat.quotes.title'), ...quotes.map((quote) => turn.say('chat.quotes.line', {
    number: quote.number, total: turn.money(quote.totalMinor, quote.currency), date: turn.date(quote.validUntil!),
  }))].join('\n');
  const buttons = quotes.map((quote) => [
    turn.rawButton(`✅ ${quote.number}`, { a: 'qac', q: quote.number }),
    turn.rawButton(`✖ ${quote.number}`, { a: 'qdc', q: quote.number }),
  ]);
  return [turn.reply(text, [...buttons, ...mainMenu(turn)])];
}
