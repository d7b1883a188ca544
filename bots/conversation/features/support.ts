import { addCustomerMessage, openTicket } from '../../../core/service/index.ts';
import { isAppError } from '../../../core/shared/errors.ts';
import { audit } from '../../../core/shared/audit.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

/** "Talk to a person": opens a ticket for staff (posted to the Slack support channel). */
export async function talkToHuman(turn: Turn, message?: string): Promise<Reply[]> {
  const customerId = await turn.customer();
  const { items } = await turn.deps.core.orders.listOrders({ customerId, limit: 1 });
  const ticket = await openTicket(turn.em(), {
    customerId,
    kind: 'inquiry',
    description: message?.slice(0, 2000) || turn.say('button.human'),
    channel: turn.channel,
    orderNumber: items[0]?.number,
    actor: { type: 'customer', id: String(customerId) },
  });
  turn.state.ticket = ticket.number;
  return [turn.reply(turn.say('human.opened', { ticket: ticket.number }), mainMenu(turn))];
}

/**
 * Free text while a ticket is open goes to the ticket's Slack thread. Returns null when there
 * is no open ticket any more (resolved): the text is then read as usual.
 */
export async function forwardToTicket(turn: Turn, text: string): Promise<Reply[] | null> {
  const ticket = turn.state.ticket;
  if (!ticket) return null;
  try {
    await addCustomerMessage(turn.em(), ticket, await turn.customer(), text);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'not_found') throw error;
    turn.state.ticket = undefined;
    return null;
  }
  return [turn.reply(turn.say('human.forwarded', { ticket }))];
}

/** A rating button under a delivery notice: recorded against the customer's own order. */
export async function rateOrder(turn: Turn, number: string, score: number): Promise<Reply[]> {
  const customerId = await turn.customer();
  const order = await turn.deps.core.orders.getOrder(number, customerId).catch(() => null);
  if (!order) return [turn.reply(turn.say('track.not_found', { number }), mainMenu(turn))];
  const em = turn.em();
  audit(em, { type: 'customer', id: String(customerId) }, { entityType: 'order', entityId: number, action: 'order.rated', after: { score } });
  await em.flush();
  return [turn.reply(turn.say('rating.thanks', { number, score }), mainMenu(turn), true)];
}
