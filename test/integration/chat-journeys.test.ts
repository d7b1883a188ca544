import { beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../bots/i18n/index.ts';
import { Order } from '../../core/orders/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { WebVisitor } from '../support/web-visitor.ts';

let app: TestApp;
const admin = { type: 'staff', id: 'U0JOURNEY', role: 'admin' } as const;

beforeAll(async () => {
  app = await startTestApp();
  await productWithStock(app.orm, 100, { name: 'Dragon Well tea', nameZh: '龙井绿茶', category: 'tea', aliases: 'longjing, 龙井' });
  await productWithStock(app.orm, 20, { name: 'Ceramic tea cups, pair', nameZh: '陶瓷茶杯（一对）', category: 'teaware' });
  // The one carrier delivers to Shanghai and Zhejiang only.
  await app.core.logistics.saveCarrier({
    code: 'EAST', name: 'East China Express', nameZh: '华东快递',
    services: [{ code: 'std', name: 'standard', transitDays: 2, supportsCod: true, regions: ['Shanghai', '上海市', '浙江省', 'Hangzhou'], weightBands: [{ maxGrams: 30_000, priceMinor: 1000 }] }],
  }, admin);
});

/** A web chat visitor that counts what they do: every message sent and every button pressed. */
class CountingVisitor {
  actions = 0;
  visitor: WebVisitor;
  constructor(visitor: WebVisitor) {
    this.visitor = visitor;
  }
  async send(text: string): Promise<string> {
    this.actions += 1;
    const { status } = await this.visitor.send(text);
    if (status !== 200) throw new Error(`sending "${text}" answered ${status}`);
    return this.visitor.lastText();
  }
  async press(label: RegExp): Promise<string> {
    this.actions += 1;
    const { status } = await this.visitor.press(label);
    if (status !== 200) throw new Error(`pressing ${label} answered ${status}`);
    return this.visitor.lastText();
  }
}

const placedNumber = (locale: 'en' | 'zh-CN', text: string) => new RegExp(t(locale, 'checkout.placed', { number: '(SO-\\d{8}-\\d{6})' }).replace(/[.!！？?()（）]/g, (char) => (char === '(' || char === ')' ? char : `\\${char}`))).exec(text)?.[1];

describe('ordering a product named in free text (issue 26 journeys)', () => {
  it('a new customer orders in at most 8 messages or taps, and a restart in the middle loses nothing; back later, they order again in at most 5', async () => {
    const shopper = new CountingVisitor(await WebVisitor.arrive(app.url, 'zh-CN'));
    expect(await shopper.send('来两盒龙井')).toContain(t('zh-CN', 'cart.title'));
    expect(await shopper.press(/结算/)).toBe(t('zh-CN', 'checkout.address.ask'));
    expect(await shopper.send('浙江省杭州市西湖区文三路100号')).toBe(t('zh-CN', 'checkout.phone.ask'));
    // The service restarts here: the cart and the checkout live in PostgreSQL, not in the process.
    await app.stop();
    app = await startTestApp();
    shopper.visitor = shopper.visitor.movedTo(app.url);
    expect(await shopper.send('我的手机是13912345678')).toBe(t('zh-CN', 'checkout.payment.ask'));
    expect(await shopper.press(/货到付款/)).toContain(t('zh-CN', 'checkout.review'));
    const first = placedNumber('zh-CN', await shopper.press(/确认/));
    expect(first).toBeDefined();
    expect(shopper.actions).toBeLessThanOrEqual(8);
    const order = await app.orm.em.fork().findOneOrFail(Order, { number: first! }, { populate: ['lines'] });
    expect([order.lines.getItems().map((line) => [line.name, line.quantity]), order.shippingAddress?.city, order.contact?.phone]).toEqual([[['Dragon Well tea', 2]], '杭州市', '+8613912345678']);

    // The same customer comes back: a product named in English, then last time's address and phone in one tap.
    const returning = new CountingVisitor(shopper.visitor);
    expect(await returning.send('add 3 longjing please')).toContain(t('zh-CN', 'cart.title'));
    expect(await returning.press(/结算/)).toBe(t('zh-CN', 'checkout.address.choose'));
    expect(await returning.press(/和上次一样/)).toBe(t('zh-CN', 'checkout.payment.ask'));
    expect(await returning.press(/货到付款/)).toContain(t('zh-CN', 'checkout.review'));
    const second = placedNumber('zh-CN', await returning.press(/确认/));
    expect(second).toBeDefined();
    expect(returning.actions).toBeLessThanOrEqual(5);
    const again = await app.orm.em.fork().findOneOrFail(Order, { number: second! }, { populate: ['lines'] });
    expect([again.lines.getItems().map((line) => line.quantity), again.shippingAddress?.city]).toEqual([[3], '杭州市']);
  });

  it('an address no carrier delivers to is asked again before anything is confirmed, politely and in the customer\'s language', async () => {
    for (const [locale, add, checkOut, far, near] of [
      ['en', 'I need a couple of dragon well tea', /Check out/, '12 Renmin Road, Urumqi', '88 Huaihai Road, Shanghai, 200031'],
      ['zh-CN', '来一对陶瓷茶杯', /结算/, '新疆维吾尔自治区乌鲁木齐市天山区人民路12号', '上海市黄浦区淮海中路88号'],
    ] as const) {
      const shopper = new CountingVisitor(await WebVisitor.arrive(app.url, locale));
      await shopper.send(add);
      await shopper.press(checkOut);
      const ordersBefore = await app.orm.em.fork().count(Order, {});
      const asked = await shopper.send(far);
      expect(asked).toBe(t(locale, 'checkout.address.unserved', { city: locale === 'en' ? 'Urumqi' : '乌鲁木齐市' }));
      expect(await shopper.send(near)).toBe(t(locale, 'checkout.phone.ask'));
      expect(await app.orm.em.fork().count(Order, {})).toBe(ordersBefore);
    }
  });
});
