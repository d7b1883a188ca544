import type { ChatButton } from '../../../core/conversations/index.ts';
import type { PaymentMethod } from '../../../core/orders/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';

/** The main menu, under most answers. */
export function mainMenu(turn: Turn): ChatButton[][] {
  return [
    [turn.button('button.catalog', { a: 'cats' }), turn.button('button.cart', { a: 'cart' })],
    [turn.button('button.orders', { a: 'orders' }), turn.button('button.help', { a: 'help' })],
    [turn.button('button.human', { a: 'human' }), turn.button('button.language', { a: 'langs' })],
  ];
}

/** `/start`: greets by name and shows the menu. */
export function welcome(turn: Turn): Reply[] {
  return [turn.reply(turn.say('chat.welcome', { name: turn.profile.name }), mainMenu(turn))];
}

/** `/help`: the commands, the shop's questions and answers (a button each), and the menu. */
export async function help(turn: Turn): Promise<Reply[]> {
  const entries = (await turn.deps.core.faq.entries()).filter((entry) => entry.active).slice(0, 8);
  return [turn.reply(turn.say('chat.help'), [
    ...entries.map((entry) => [turn.rawButton((turn.locale === 'zh-CN' ? entry.questionZh ?? entry.question : entry.question).slice(0, 60), { a: 'faq', t: entry.topic })]),
    ...mainMenu(turn),
  ])];
}

export function menu(turn: Turn, edit = false): Reply[] {
  return [turn.reply(turn.say('chat.menu'), mainMenu(turn), edit)];
}

/** Free text we could not read. */
export function notUnderstood(turn: Turn): Reply[] {
  return [turn.reply(turn.say('chat.not_understood'), mainMenu(turn))];
}

/** "Thanks", "ok", "bye": a short answer and the menu, in case there is more. */
export function youAreWelcome(turn: Turn): Reply[] {
  return [turn.reply(turn.say('chat.you_are_welcome'), mainMenu(turn))];
}

/** A button from an old message, or data that is not ours. */
export function staleButton(turn: Turn): Reply[] {
  return [turn.reply(turn.say('chat.stale_button'), mainMenu(turn))];
}

/** What the chat offers at checkout: the methods that can be completed, card and online being one page. */
export function chatPaymentMethods(turn: Turn): PaymentMethod[] {
  return turn.deps.core.payments.availableMethods().filter((method) => method !== 'card');
}
