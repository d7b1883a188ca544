import { orderNumberPattern } from '../../core/orders/index.ts';

/** What free text most likely asks for. */
export type Intent =
  | { intent: 'track'; orderNumber?: string | undefined }
  | { intent: 'cancel'; orderNumber?: string | undefined }
  | { intent: 'my_orders' }
  | { intent: 'human' }
  | { intent: 'complain' }
  | { intent: 'faq'; topic: 'shipping' | 'payment' | 'returns' }
  | { intent: 'return'; orderNumber: string }
  | { intent: 'greeting' }
  | { intent: 'catalog' }
  | { intent: 'cart' }
  | { intent: 'unknown' };

// Checked in this order: the first that matches wins. Patterns cover English and Chinese.
const patterns: Array<[RegExp, (number?: string) => Intent]> = [
  [/\bcancel\b|取消|不要了|退订/i, (orderNumber) => ({ intent: 'cancel', orderNumber })],
  [/\b(human|person|agent|operator|staff)\b|人工|客服|真人|转人工/i, () => ({ intent: 'human' })],
  [/\bcomplain|\bcomplaint|\bdamaged|\bbroken|投诉|差评|坏了|破损/i, () => ({ intent: 'complain' })],
  [/\breturns?\b|\brefund|退货|退款|退换/i, (orderNumber) => (orderNumber ? { intent: 'return', orderNumber } : { intent: 'faq', topic: 'returns' })],
  [/where.*order|\btrack|\bstatus\b|物流|快递到|到哪|在哪|进度|订单.*(在哪|到哪)|查.*订单/i, (orderNumber) => ({ intent: 'track', orderNumber })],
  [/\b(my )?orders?\b|我的订单|订单/i, () => ({ intent: 'my_orders' })],
  [/\b(shipping|delivery|deliver|ship)\b|how long|运费|配送|发货|多久|几天/i, () => ({ intent: 'faq', topic: 'shipping' })],
  [/\b(pay|payment|paying)\b|付款|支付|怎么付/i, () => ({ intent: 'faq', topic: 'payment' })],
  [/\bcart\b|购物车/i, () => ({ intent: 'cart' })],
  [/\b(menu|catalog(ue)?|products?|shop|buy)\b|商品|目录|菜单|买/i, () => ({ intent: 'catalog' })],
  [/^\s*(hi|hello|hey|good (morning|afternoon|evening))\b|^\s*(你好|您好|嗨|哈喽|在吗)/i, () => ({ intent: 'greeting' })],
];

/** Reads free text in English or Chinese. An order number alone means "track it". */
export function classify(text: string): Intent {
  const orderNumber = new RegExp(orderNumberPattern.source.replace(/^\^|\$$/g, ''), 'i').exec(text)?.[0]?.toUpperCase();
  for (const [pattern, intent] of patterns) {
    if (pattern.test(text)) return intent(orderNumber);
  }
  return orderNumber ? { intent: 'track', orderNumber } : { intent: 'unknown' };
}
