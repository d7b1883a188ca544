import { describe, expect, it } from 'vitest';
import { languageRequested, orderNumberIn, phoneIn } from '../../bots/nlu/entities.ts';
import { addressIn } from '../../bots/nlu/address.ts';
import { productTerms, quantityIn } from '../../bots/nlu/product-query.ts';
import { searchKeys } from '../../core/catalog/search-keys.ts';

describe('entities in free text (issue 26)', () => {
  it('order numbers however customers write them: dashes or none, any case, spaces', () => {
    expect(orderNumberIn('hey where is so20261202000007??')).toBe('SO-20261202-000007');
    expect(orderNumberIn('订单SO 20261130 000123 到哪了')).toBe('SO-20261130-000123');
    expect(orderNumberIn('Ｓｏ－20261130－000123')).toBe('SO-20261130-000123');
    expect(orderNumberIn('call me at 13800138000')).toBeUndefined();
  });

  it('language requests in either language', () => {
    expect(languageRequested('speak English please')).toBe('en');
    expect(languageRequested('能不能用英文回复')).toBe('en');
    expect(languageRequested('说中文吧')).toBe('zh-CN');
    expect(languageRequested('reply in mandarin pls')).toBe('zh-CN');
    expect(languageRequested('hello')).toBeUndefined();
  });

  it('a phone number inside a sentence, in E.164, with the configured region for numbers without a country code', () => {
    expect(phoneIn('手机13912345678，谢谢', 'CN')).toBe('+8613912345678');
    expect(phoneIn('call me on 139 1234 5678', 'CN')).toBe('+8613912345678');
    expect(phoneIn('my number is +852 9123 4567', 'CN')).toBe('+85291234567');
    expect(phoneIn('no number here', 'CN')).toBeUndefined();
  });

  it('addresses without a fixed format: Chinese without separators, Western with or without commas', () => {
    expect(addressIn('北京市朝阳区建国路88号')).toEqual({ line1: '朝阳区建国路88号', city: '北京市', country: 'CN' });
    expect(addressIn('浙江省杭州市西湖区文三路100号3单元')).toEqual({ line1: '西湖区文三路100号3单元', city: '杭州市', region: '浙江省', country: 'CN' });
    expect(addressIn('收货地址：广东省深圳市南山区科技园南区5栋')).toEqual({ line1: '南山区科技园南区5栋', city: '深圳市', region: '广东省', country: 'CN' });
    expect(addressIn('88 Huaihai Road Shanghai')).toEqual({ line1: '88 Huaihai Road', city: 'Shanghai', country: 'CN' });
    expect(addressIn('5 Century Avenue, Shanghai, 200120')).toEqual({ line1: '5 Century Avenue', city: 'Shanghai', postalCode: '200120', country: 'CN' });
    expect(addressIn('我不知道')).toBeNull();
    expect(addressIn('cancel')).toBeNull();
  });
});

describe('products and quantities in free text (issue 26)', () => {
  it('quantities in digits, Chinese numerals with a measure word and English words; a size is not a quantity', () => {
    expect(quantityIn('来两盒龙井')).toBe(2);
    expect(quantityIn('给我来一斤西湖龙井')).toBe(1);
    expect(quantityIn('十二包茉莉花茶')).toBe(12);
    expect(quantityIn('要3罐')).toBe(3);
    expect(quantityIn('add 2 longjing')).toBe(2);
    expect(quantityIn('longjing 250g x3')).toBe(3);
    expect(quantityIn('a couple of tea cups')).toBe(2);
    expect(quantityIn('a dozen mooncakes')).toBe(12);
    expect(quantityIn('the 250 g longjing')).toBeUndefined();
    expect(quantityIn('宜兴紫砂壶 200毫升')).toBeUndefined();
    expect(quantityIn('where is SO-20261202-000007')).toBeUndefined();
  });

  it('the words that may name a product, in the forms they may match; asking words, quantities and sizes left out', () => {
    expect(productTerms('来两盒龙井')).toEqual([['龙井', 'longjing']]);
    expect(productTerms('我想买三罐铁观音')).toEqual([['铁观音', 'tieguanyin']]);
    expect(productTerms('do you sell teapots?')).toEqual([['teapots', 'teapot']]);
    expect(productTerms('add 2 longjing to my cart please')).toEqual([['longjing', 'longj']]);
    // Characters jieba does not join (a typo of 龙井) stay one word, so their pinyin still matches.
    expect(productTerms('给我来一斤龙景')).toEqual([['龙景', 'longjing']]);
    expect(productTerms('hello there, how are you')).toEqual([]);
  });

  it('search keys: the pinyin of every Chinese run and of each 2 to 4 characters in it', () => {
    const keys = searchKeys('宜兴紫砂壶', 'zisha, 茶壶').split(' ');
    expect(keys).toEqual(expect.arrayContaining(['yixingzishahu', 'zisha', 'zishahu', 'chahu']));
    expect(searchKeys('Tea')).toBe('');
  });
});
