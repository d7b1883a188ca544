import { ticketKinds, type TicketKind } from '../../../core/service/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu, staleButton } from './menu.ts';
import { wizardEscape } from '../intents.ts';
import { stronglyNegative } from '../../nlu/sentiment.ts';
import { ownOrderIn } from './orders.ts';

/**
 * A complaint that already says what happened (`the box came smashed and half the tea leaked
 * out`, `你们这服务真差劲，等了十天还没到`): long enough to be the description itself. Short
 * ones (`I want to complain`) go through the questions.
 */
function describesIt(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.match(/[\p{L}\p{N}']+/gu)?.filter((word) => !/\p{Script=Han}/u.test(word)).length ?? 0;
  return han >= 8 || words >= 6 || han + words * 2 >= 12;
}

/**
 * A complaint in free text: when it describes the problem, a ticket is opened with the customer's
 * own words and the order they mention (one of theirs), urgent when they are very upset, and
 * they are told its number; otherwise the questions start.
 */
export async function complainInWords(turn: Turn, text: string): Promise<Reply[]> {
  if (!describesIt(text)) return startComplaint(turn);
  const urgent = stronglyNegative(text);
  const ticket = await turn.deps.core.support.openTicket({
    kind: 'complaint', description: text.slice(0, 4000), channel: turn.channel, orderNumber: await ownOrderIn(turn, text),
    priority: urgent ? 'urgent' : 'high', actor: await turn.actor(),
  });
  turn.state.complaint = undefined;
  turn.state.ticket = ticket.number;
  return [turn.reply(turn.say(urgent ? 'complaint.opened_urgent' : 'complaint.opened', { ticket: ticket.number }), mainMenu(turn))];
}

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
  // "Never mind" stops the complaint; "a person" gets one (read as usual below); "back" asks the kind again.
  const escape = wizardEscape(text);
  if (escape === 'back') return complaintOrder(turn, draft.orderNumber).map((reply) => ({ ...reply, edit: false }));
  if (escape) {
    turn.state.complaint = undefined;
    return escape === 'cancel' ? [turn.reply(turn.say('complaint.dropped'), mainMenu(turn))] : null;
  }
  const ticket = await turn.deps.core.support.openTicket({
    kind: draft.kind, description: text.slice(0, 4000), channel: turn.channel, orderNumber: draft.orderNumber,
    priority: stronglyNegative(text) ? 'urgent' : draft.kind === 'complaint' || draft.kind === 'delivery_issue' ? 'high' : 'normal', actor: await turn.actor(),
  });
  turn.state.complaint = undefined;
  turn.state.ticket = ticket.number;
  return [turn.reply(turn.say('human.opened', { ticket: ticket.number }), mainMenu(turn))];
}
