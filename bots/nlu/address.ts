import type { PostalAddress } from '../../core/customers/index.ts';

const municipalities = ['北京', '上海', '天津', '重庆'];
// Province (or autonomous region), city, district or county, then the rest (street, number, building).
const chineseAddress = /^(?<province>[\u4e00-\u9fff]{2,8}?(?:省|自治区|特别行政区))?(?<city>[\u4e00-\u9fff]{2,8}?(?:市|自治州|盟|地区))?(?<district>[\u4e00-\u9fff]{1,8}?(?:区|县|旗|市))?(?<rest>.{2,})$/u;
const streetWord = /\b(road|rd|street|st|avenue|ave|lane|ln|boulevard|blvd|way|drive|dr|highway|hwy)\b\.?/iu;

/**
 * A delivery address written any common way:
 * - "street, city[, postal code]" with commas (English or Chinese) or new lines;
 * - a Chinese address without separators (`北京市朝阳区建国路88号`, `浙江省杭州市西湖区文三路100号3单元`):
 *   province, city, district and the rest, the city alone for Beijing, Shanghai, Tianjin, Chongqing;
 * - "88 Huaihai Road Shanghai": what follows the street word is the city.
 * Needs a street part and a city; null when it cannot tell.
 */
export function addressIn(text: string): PostalAddress | null {
  const trimmed = text.normalize('NFKC').trim().replace(/^(地址|收货地址|address)\s*[:：]?\s*/iu, '');
  if (trimmed.length < 4 || trimmed.length > 400) return null;
  const parts = trimmed.split(/[,，、;；\n]/u).map((part) => part.trim()).filter(Boolean);
  if (parts.length >= 2) {
    if (parts[0]!.length > 300 || parts[1]!.length > 100) return null;
    const postalCode = parts.slice(2).find((part) => /^\d{4,10}$/.test(part));
    return { line1: parts[0]!, city: parts[1]!, ...(postalCode && { postalCode }), country: 'CN' };
  }
  const compact = trimmed.replace(/\s+/gu, '');
  const chinese = /[\u4e00-\u9fff]/u.test(compact) ? chineseAddress.exec(compact)?.groups : undefined;
  if (chinese?.rest && /\d|路|街|道|号|弄|巷|村|镇|乡|小区|大厦|栋|楼|单元|室/u.test(chinese.rest)) {
    const municipality = municipalities.find((name) => (chinese.province ?? chinese.city ?? '').startsWith(name));
    const city = chinese.city ?? (municipality ? `${municipality}市` : undefined) ?? (chinese.district?.endsWith('市') ? chinese.district : undefined);
    if (!city) return null;
    const line1 = `${chinese.district && chinese.district !== city ? chinese.district : ''}${chinese.rest}`;
    return { line1, city, ...(chinese.province && !municipality && { region: chinese.province }), country: 'CN' };
  }
  const street = streetWord.exec(trimmed);
  if (street && /\d/u.test(trimmed.slice(0, street.index))) {
    const end = street.index + street[0].length;
    const city = trimmed.slice(end).trim();
    if (city.length >= 2 && city.length <= 60 && /^[\p{L} .'-]+$/u.test(city)) return { line1: trimmed.slice(0, end).trim(), city, country: 'CN' };
  }
  return null;
}
