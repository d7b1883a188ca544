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

/** `/help`: the commands, the FAQ topics and the menu. */
export function help(turn: Turn): Reply[] {
  return [turn.reply(turn.say('chat.help'), [
    [turn.button('button.faq.shipping', { a: 'faq', t: 'shipping' }), turn.button('button.faq.payment', { a: 'faq', t: 'payment' })],
    [turn.button('button.faq.returns', { a: 'faq', t: 'returns' })],
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

/** FAQ answers: shipping times and fees, payment methods, returns. */
export function faq(turn: Turn, topic: 'shipping' | 'payment' | 'returns'): Reply[] {
  const { policy } = turn.deps;
  const text = topic === 'shipping'
    ? turn.say('faq.shipping', { fee: turn.money(policy.shippingFeeMinor, 'CNY'), freeFrom: turn.money(policy.freeShippingFromMinor, 'CNY') })
    : topic === 'payment' ? paymentFaq(turn) : turn.say(`faq.${topic}`);
  return [turn.reply(text, mainMenu(turn))];
}

/** The payment FAQ names exactly the methods the checkout offers. */
function paymentFaq(turn: Turn): string {
  const methods = chatPaymentMethods(turn);
  const listed = turn.say('faq.payment', { methods: methods.map((method) => turn.say(`payment.${method}`)).join(turn.locale === 'zh-CN' ? '、' : ', ') });
  return methods.includes('online') ? `${listed}\n${turn.say('faq.payment.online_note', { minutes: turn.deps.core.payments.expiryMinutes() })}` : listed;
}

/** What the chat offers at checkout: the methods that can be completed, card and online being one page. */
export function chatPaymentMethods(turn: Turn): PaymentMethod[] {
  return turn.deps.core.payments.availableMethods().filter((method) => method !== 'card');
}
