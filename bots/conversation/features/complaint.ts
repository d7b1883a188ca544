import { ticketKinds, type TicketKind } from '../../../core/service/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu, staleButton } from './menu.ts';

/** `/complain`: which order is it about (the latest five, or none)? */
export async function startComplaint(turn: Turn): Promise<Reply[]> {
  const { items } = await turn.deps.core.orders.listOrders({ limit: 5 }, await turn.actor());
  turn.state.complaint = {};
  return [turn.reply(turn.say('complaint.which_order'), [
    ...items.map((order) => [turn.rawButton(order.number, { a: 'cpo', o: order.number })]),
    [turn.button('complaint.no_order', { a: 'cpo' })],
  ])];
}

/** The order chosen; now the kind of problem. */
export function complaintOrder(turn: Turn, orderNumber: string | undefined): Reply[] {
  if (!turn.state.complaint) return staleButton(turn);
  turn.state.complaint = { ...(orderNumber && { orderNumber }) };
  return [turn.reply(turn.say('complaint.which_kind'), ticketKinds.map((kind) => [turn.button(`ticket.kind.${kind}`, { a: 'cpk', k: kind })]), true)];
}

/** The kind chosen; now the description (a photo's caption counts). */
export function complaintKind(turn: Turn, kind: TicketKind): Reply[] {
  if (!turn.state.complaint) return staleButton(turn);
  turn.state.complaint = { ...turn.state.complaint, kind };
  return [turn.reply(turn.say('complaint.describe'), undefined, true)];
}

/** The description: the ticket is opened and its number told; follow-ups go to its Slack thread. */
export async function complaintText(turn: Turn, text: string): Promise<Reply[] | null> {
  const draft = turn.state.complaint;
  if (!draft?.kind) return null;
  const ticket = await turn.deps.core.support.openTicket({
    kind: draft.kind, description: text.slice(0, 2000), channel: turn.channel, orderNumber: draft.orderNumber,
    priority: draft.kind === 'complaint' || draft.kind === 'delivery_issue' ? 'high' : 'normal', actor: await turn.actor(),
  });
  turn.state.complaint = undefined;
  turn.state.ticket = ticket.number;
  return [turn.reply(turn.say('human.opened', { ticket: ticket.number }), mainMenu(turn))];
}
