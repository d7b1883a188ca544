import { describe, expect, it } from 'vitest';
import { languageRequested, orderNumberIn, phoneIn } from '../../bots/nlu/entities.ts';
import { addressIn } from '../../bots/nlu/address.ts';

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
