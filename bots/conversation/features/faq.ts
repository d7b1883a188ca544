import type { FaqView } from '../../../core/service/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { chatPaymentMethods, mainMenu, notUnderstood } from './menu.ts';

/**
 * An answer from the shop's FAQ (kept in PostgreSQL, edited with Slack `/faq`): the entry the
 * message matches best (a keyword, a close question) or else the topic's. Without either, the
 * honest "not understood" with the menu and a person.
 */
export async function faq(turn: Turn, topic: string, text?: string): Promise<Reply[]> {
  const entry = (text ? (await turn.deps.core.faq.match(text))?.entry : null) ?? (await turn.deps.core.faq.entry(topic));
  return entry ? [turn.reply(answerOf(turn, entry), mainMenu(turn))] : notUnderstood(turn);
}

/** A question this close to the message is what it asks, whatever the classifier read. */
const nearlyTheQuestion = 0.6;

/**
 * The FAQ entry a message asks, or null. `overriding` (text the classifier read as something
 * else): only when it holds one of the entry's keywords (staff said outright that such messages
 * are about it) or is nearly its question.
 */
export async function faqMatch(turn: Turn, text: string, overriding = false): Promise<Reply[] | null> {
  const found = await turn.deps.core.faq.match(text);
  if (!found || (overriding && found.by !== 'keyword' && found.score < nearlyTheQuestion)) return null;
  return [turn.reply(answerOf(turn, found.entry), mainMenu(turn))];
}

/**
 * The answer in the customer's language (English when it has no Chinese), with the shop's
 * figures filled in: `{fee}`, `{freeFrom}`, `{methods}` (exactly what the checkout offers) and
 * `{minutes}` (how long an online payment is awaited). Naming online payment adds how it works.
 */
function answerOf(turn: Turn, entry: FaqView): string {
  const { policy } = turn.deps;
  const methods = chatPaymentMethods(turn);
  const values: Record<string, string> = {
    fee: turn.money(policy.shippingFeeMinor, 'CNY'),
    freeFrom: turn.money(policy.freeShippingFromMinor, 'CNY'),
    methods: methods.map((method) => turn.say(`payment.${method}`)).join(turn.locale === 'zh-CN' ? '、' : ', '),
    minutes: String(turn.deps.core.payments.expiryMinutes()),
  };
  const template = (turn.locale === 'zh-CN' ? entry.answerZh : null) ?? entry.answer;
  const answer = template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
  return template.includes('{methods}') && methods.includes('online') ? `${answer}\n${turn.say('faq.payment.online_note', { minutes: values.minutes! })}` : answer;
}
