import { readyClassifier } from '../nlu/classifier.ts';
import type { IntentName } from '../nlu/corpus.ts';
import { languageRequested, orderNumberIn } from '../nlu/entities.ts';

/** What free text most likely asks for. */
export type Intent =
  | { intent: 'track'; orderNumber?: string | undefined }
  | { intent: 'cancel'; orderNumber?: string | undefined }
  | { intent: 'my_orders' }
  | { intent: 'human' }
  | { intent: 'complain' }
  /** A question the FAQ may answer; `topic` is the entry the classifier or a keyword points to. */
  | { intent: 'faq'; topic: 'shipping' | 'payment' | 'returns' }
  | { intent: 'return'; orderNumber?: string | undefined }
  | { intent: 'greeting' }
  | { intent: 'catalog' }
  /** A product named in the text: to see it, or (`add`) to put it in the cart. */
  | { intent: 'product'; add: boolean }
  | { intent: 'cart' }
  | { intent: 'help' }
  | { intent: 'checkout' }
  | { intent: 'thanks' }
  | { intent: 'language'; locale?: 'en' | 'zh-CN' | undefined }
  | { intent: 'book' }
  | { intent: 'my_bookings' }
  | { intent: 'unknown' };

// Checked in this order: the first that matches wins. Patterns cover English and Chinese.
const patterns: Array<[RegExp, (number?: string) => Intent]> = [
  [/\bcancel\b|取消|不要了|退订/i, (orderNumber) => ({ intent: 'cancel', orderNumber })],
  [/\b(human|person|agent|operator|staff)\b|人工|客服|真人|转人工/i, () => ({ intent: 'human' })],
  [/\bcomplain|\bcomplaint|\bdamaged|\bbroken|投诉|差评|坏了|破损/i, () => ({ intent: 'complain' })],
  [/\breturns?\b|\brefund|退货|退款|退换/i, (orderNumber) => ({ intent: 'return', orderNumber })],
  [/where.*order|\btrack|\bstatus\b|物流|快递到|到哪|在哪|进度|订单.*(在哪|到哪)|查.*订单/i, (orderNumber) => ({ intent: 'track', orderNumber })],
  [/\b(my )?orders?\b|我的订单|订单/i, () => ({ intent: 'my_orders' })],
  [/\b(shipping|delivery|deliver|ship)\b|how long|运费|配送|发货|多久|几天/i, () => ({ intent: 'faq', topic: 'shipping' })],
  [/\b(pay|payment|paying)\b|付款|支付|怎么付/i, () => ({ intent: 'faq', topic: 'payment' })],
  [/\b(add|put|pop|stick|throw)\b.+\b(cart|basket|trolley)\b|(加|放|加入|加到).+(购物车|车里)|加购/i, () => ({ intent: 'product', add: true })],
  [/\bcart\b|购物车/i, () => ({ intent: 'cart' })],
  [/\b(menu|catalog(ue)?|products?|shop|buy)\b|商品|目录|菜单|买/i, () => ({ intent: 'catalog' })],
  [/^\s*(hi|hello|hey|good (morning|afternoon|evening))\b|^\s*(你好|您好|嗨|哈喽|在吗)/i, () => ({ intent: 'greeting' })],
];

/** What the trained classifier (bots/nlu) read, as an intent of the chat. */
function fromClassifier(intent: IntentName, text: string, orderNumber: string | undefined): Intent {
  switch (intent) {
    case 'track': return { intent: 'track', orderNumber };
    case 'cancel': return { intent: 'cancel', orderNumber };
    case 'return': return { intent: 'return', orderNumber };
    case 'faq_returns': return { intent: 'faq', topic: 'returns' };
    case 'faq_shipping': return { intent: 'faq', topic: 'shipping' };
    case 'faq_payment': return { intent: 'faq', topic: 'payment' };
    case 'product_search': return { intent: 'product', add: false };
    case 'add_to_cart': return { intent: 'product', add: true };
    case 'language': return { intent: 'language', locale: languageRequested(text) };
    case 'none': return { intent: 'unknown' };
    default: return { intent };
  }
}

/** Above this confidence the classifier's reading wins over a pattern that matches too. */
const sure = 0.7;

/**
 * Reads free text in English or Chinese: the trained classifier (bots/nlu: plain words, typos,
 * pinyin, complaints without a keyword) when it is sure; else a pattern above that matches (exact
 * keywords such as 在哪 or "where"); else the classifier's best guess. Until the classifier is
 * ready, the patterns alone. An order number alone, in any of the ways people write it, means
 * "track it".
 */
export function classify(text: string): Intent {
  const classifier = readyClassifier();
  // A wizard that stepped aside (`a person please`) read this very text a moment ago.
  if (lastRead?.text === text && lastRead.classifier === classifier) return lastRead.intent;
  const intent = read(text, classifier);
  lastRead = { text, classifier, intent };
  return intent;
}

/** The latest text read and what it was read as (one turn reads it at most once). */
let lastRead: { text: string; classifier: ReturnType<typeof readyClassifier>; intent: Intent } | undefined;

function read(text: string, classifier: ReturnType<typeof readyClassifier>): Intent {
  const orderNumber = orderNumberIn(text);
  const { intent: understood, confidence } = classifier?.classify(text) ?? { intent: 'none', confidence: 0 };
  if (understood !== 'none' && confidence >= sure) return fromClassifier(understood, text, orderNumber);
  for (const [pattern, intent] of patterns) {
    if (pattern.test(text)) return intent(orderNumber);
  }
  if (understood !== 'none') return fromClassifier(understood, text, orderNumber);
  return orderNumber ? { intent: 'track', orderNumber } : { intent: 'unknown' };
}

/**
 * Whether a short text written while a wizard waits for an answer (an address, a phone number,
 * a description, a comment) means "stop", "get me a person" or "one step back" instead: `算了`,
 * `cancel`, `不要了，取消吧`, `转人工`, `back`, `上一步`.
 */
export function wizardEscape(text: string): 'cancel' | 'human' | 'back' | undefined {
  if (/^\s*(back|go back|previous( step)?|返回|上一步|后退|回去)\s*[.!。！]*\s*$/iu.test(text)) return 'back';
  // A longer message is the answer itself ("I want to cancel because the box was broken" is a description).
  const words = text.match(/[\p{L}\p{N}']+/gu)?.filter((word) => !/\p{Script=Han}/u.test(word)).length ?? 0;
  if (words > 4 || (text.match(/\p{Script=Han}/gu)?.length ?? 0) > 10) return undefined;
  const intent = classify(text).intent;
  return intent === 'cancel' || intent === 'human' ? intent : undefined;
}
