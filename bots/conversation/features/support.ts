import { isAppError } from '../../../core/shared/errors.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';
import { wizardEscape } from '../intents.ts';

/** "Talk to a person": opens a ticket for staff (posted to the Slack support channel). */
export async function talkToHuman(turn: Turn, message?: string): Promise<Reply[]> {
  const actor = await turn.actor();
  const { items } = await turn.deps.core.orders.listOrders({ limit: 1 }, actor);
  const ticket = await turn.deps.core.support.openTicket({
    kind: 'inquiry',
    description: message?.slice(0, 4000) || turn.say('button.human'),
    channel: turn.channel,
    orderNumber: items[0]?.number,
    reuseOpen: true,
    actor,
  });
  turn.state.ticket = ticket.number;
  if (!ticket.reused) return [turn.reply(turn.say('human.opened', { ticket: ticket.number }), mainMenu(turn))];
  // One open ticket per customer: what they wrote joins it (in its Slack thread).
  if (message) await turn.deps.core.support.addCustomerMessage(ticket.number, message.slice(0, 4000), actor);
  return [turn.reply(turn.say('human.reused', { ticket: ticket.number }), mainMenu(turn))];
}

/**
 * Free text while a ticket is open goes to the ticket's Slack thread. Returns null when there
 * is no open ticket any more (resolved): the text is then read as usual.
 */
export async function forwardToTicket(turn: Turn, text: string): Promise<Reply[] | null> {
  const ticket = turn.state.ticket;
  if (!ticket) return null;
  try {
    await turn.deps.core.support.addCustomerMessage(ticket, text, await turn.actor());
  } catch (error) {
    if (!isAppError(error) || error.code !== 'not_found') throw error;
    turn.state.ticket = undefined;
    return null;
  }
  return [turn.reply(turn.say('human.forwarded', { ticket }))];
}

/** A rating button (order or ticket): recorded, poor ones open a follow-up ticket, then a comment is invited. */
export async function rate(turn: Turn, about: { orderNumber?: string; ticketNumber?: string }, score: number): Promise<Reply[]> {
  let result;
  try {
    result = await turn.deps.core.support.rate(about, score, turn.channel, await turn.actor());
  } catch (error) {
    if (!isAppError(error) || error.code !== 'not_found') throw error;
    return [turn.reply(turn.say('track.not_found', { number: about.orderNumber ?? about.ticketNumber ?? '' }), mainMenu(turn))];
  }
  turn.state.feedbackFor = result.feedbackId;
  const thanks = about.orderNumber
    ? turn.say('rating.thanks', { number: about.orderNumber, score })
    : turn.say('rating.ticket_thanks', { ticket: about.ticketNumber!, score });
  const sorry = result.followUpTicket ? [turn.say('rating.sorry', { ticket: result.followUpTicket })] : [];
  return [turn.reply([thanks, ...sorry, turn.say('rating.comment_prompt')].join('\n'), undefined, true)];
}

/** Free text right after a rating is its comment (once). */
export async function feedbackComment(turn: Turn, text: string): Promise<Reply[] | null> {
  const feedbackId = turn.state.feedbackFor;
  if (!feedbackId) return null;
  turn.state.feedbackFor = undefined;
  // "No thanks" is no comment; "a person please" gets one (read as usual).
  const escape = wizardEscape(text);
  if (escape === 'cancel' || escape === 'back') return [turn.reply(turn.say('rating.comment_skipped'), mainMenu(turn))];
  if (escape === 'human') return null;
  await turn.deps.core.support.addFeedbackComment(feedbackId, text, await turn.actor());
  return [turn.reply(turn.say('rating.comment_thanks'), mainMenu(turn))];
}
