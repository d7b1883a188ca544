import { describe, expect, it } from 'vitest';
import { classify } from '../../bots/conversation/intents.ts';
import { addressIn as parseAddress } from '../../bots/nlu/address.ts';
import { guessLocale } from '../../bots/conversation/features/language.ts';
import { readState } from '../../bots/conversation/state.ts';
import { encodeCallback } from '../../bots/conversation/callback-data.ts';

describe('free text intents (English and Chinese)', () => {
  it.each([
    ['SO-20261122-000042', { intent: 'track', orderNumber: 'SO-20261122-000042' }],
    ['where is my order so-20261122-000042?', { intent: 'track', orderNumber: 'SO-20261122-000042' }],
    ['Where is my order', { intent: 'track', orderNumber: undefined }],
    ['我的订单在哪', { intent: 'track', orderNumber: undefined }],
    ['物流到哪了', { intent: 'track', orderNumber: undefined }],
    ['cancel SO-20261122-000042', { intent: 'cancel', orderNumber: 'SO-20261122-000042' }],
    ['取消订单', { intent: 'cancel', orderNumber: undefined }],
    ['I want to talk to a human', { intent: 'human' }],
    ['人工客服', { intent: 'human' }],
    ['my orders', { intent: 'my_orders' }],
    ['how long does shipping take?', { intent: 'faq', topic: 'shipping' }],
    ['运费多少', { intent: 'faq', topic: 'shipping' }],
    ['can I pay by card', { intent: 'faq', topic: 'payment' }],
    ['怎么付款', { intent: 'faq', topic: 'payment' }],
    // Asking for one (no number yet): the delivered orders are offered; asking whether one can is the policy.
    ['I want a refund', { intent: 'return', orderNumber: undefined }],
    ['可以退货吗', { intent: 'faq', topic: 'returns' }],
    ['hello', { intent: 'greeting' }],
    ['你好', { intent: 'greeting' }],
    ['show me products', { intent: 'catalog' }],
    ['看看商品', { intent: 'catalog' }],
    ['qwrtzp', { intent: 'unknown' }],
    ['🙈', { intent: 'unknown' }],
  ])('%s', (text, intent) => {
    expect(classify(text)).toEqual(intent);
  });
});

describe('checkout address parsing', () => {
  it('reads street, city and postal code with English or Chinese commas', () => {
    expect(parseAddress('88 Huaihai Road, Shanghai, 200031')).toEqual({ line1: '88 Huaihai Road', city: 'Shanghai', postalCode: '200031', country: 'CN' });
    expect(parseAddress('淮海中路88号，上海')).toEqual({ line1: '淮海中路88号', city: '上海', country: 'CN' });
  });

  it('refuses what is not an address', () => {
    expect(parseAddress('Shanghai')).toBeNull();
    expect(parseAddress(' , ')).toBeNull();
    expect(parseAddress(`${'x'.repeat(301)}, Shanghai`)).toBeNull();
  });
});

describe('language and state', () => {
  it('guesses the language from Telegram\'s language_code', () => {
    expect(guessLocale('zh-hans', 'en')).toBe('zh-CN');
    expect(guessLocale('zh', 'en')).toBe('zh-CN');
    expect(guessLocale('en-GB', 'zh-CN')).toBe('en');
    expect(guessLocale('de', 'zh-CN')).toBe('zh-CN');
    expect(guessLocale(undefined, 'en')).toBe('en');
  });

  it('an unreadable stored state becomes an empty one instead of breaking the chat', () => {
    expect(readState({ cart: 'nonsense' })).toEqual({ cart: [] });
    expect(readState(null)).toEqual({ cart: [] });
    expect(readState({ cart: [{ productId: 3, quantity: 2 }], checkout: { id: 'abc', step: 'review', payment: 'card' } }).checkout?.step).toBe('review');
  });

  it('every kind of button fits Telegram\'s 64 bytes at its longest', () => {
    const longest = [
      encodeCallback({ a: 'pay', k: 'abcdefghijkl', m: 'cash_on_delivery' }),
      encodeCallback({ a: 'cxy', o: 'SO-20261122-999999999' }),
      encodeCallback({ a: 'qty', p: 2_147_483_647, d: -1 }),
      encodeCallback({ a: 'cat', i: 999, p: 999 }),
      encodeCallback({ a: 'rate', o: 'SO-20261122-999999999', s: 5 }),
    ];
    for (const data of longest) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
  });
});
