import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

/**
 * An order number as customers write it: `SO-20261202-000007`, `so20261202000007`,
 * `SO 20261202 000007`, in any case; returned in its canonical form.
 */
export function orderNumberIn(text: string): string | undefined {
  const match = /\bso[-\s_]?(\d{8})[-\s_]?(\d{6,})\b/iu.exec(text.normalize('NFKC'));
  return match ? `SO-${match[1]}-${match[2]}` : undefined;
}

/**
 * The end of an order number, when the customer gives only that (`order 000007`, `尾号0007`,
 * `#7`): matched against their own orders only.
 */
export function orderTailIn(text: string): string | undefined {
  const match = /(?:order|订单|尾号|单号|#|no\.?)\s*(?:no\.?|number|号|#)?\s*(\d{3,6})\b/iu.exec(text.normalize('NFKC'));
  return match?.[1];
}

const chineseDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 俩: 2, 贰: 2, 三: 3, 仨: 3, 叁: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A Chinese numeral up to 9,999 (`三`, `十二`, `二十`, `一百零五`, `两千`), or null. */
export function chineseNumber(text: string): number | null {
  if (text.length === 1 && text in chineseDigits) return chineseDigits[text]!;
  const units: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let digit: number | null = null;
  for (const char of text) {
    if (char in chineseDigits) {
      digit = chineseDigits[char]!;
    } else if (char in units) {
      total += (digit ?? 1) * units[char]!;
      digit = null;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}

const measureWords = '个只盒罐包袋斤两瓶套件份支条箱提块片杯壶饼听桶本双对张台部盏克';
const englishNumbers: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, couple: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, dozen: 12 };

/**
 * The quantity a customer asks for: digits (`2`, `x3`, `3 boxes`), Chinese numerals with a
 * measure word (`两盒`, `一斤`, `十包`), English words (`two`, `a couple of`, `a dozen`).
 */
export function quantityIn(text: string): number | undefined {
  const normalised = text.normalize('NFKC').toLowerCase();
  const chinese = new RegExp(`([零〇一二两俩三仨四五六七八九十百千壹贰叁]+|\\d+)\\s*[${measureWords}]`, 'u').exec(normalised);
  if (chinese) {
    const value = /^\d+$/.test(chinese[1]!) ? Number(chinese[1]) : chineseNumber(chinese[1]!);
    if (value && value > 0) return value;
  }
  const digits = /(?:^|[\sx×*])(\d{1,4})(?=\s|[a-z\u4e00-\u9fff]|$)/u.exec(normalised);
  if (digits && Number(digits[1]) > 0 && !/\d{5,}/.test(digits[0])) return Number(digits[1]);
  const word = /\b(two|couple|three|four|five|six|seven|eight|nine|ten|dozen)\b/u.exec(normalised) ?? /\b(a|an|one)\b/u.exec(normalised);
  return word ? englishNumbers[word[1]!] : undefined;
}

/** The language a customer asks the bot to use, if they ask for one. */
export function languageRequested(text: string): 'en' | 'zh-CN' | undefined {
  const normalised = text.normalize('NFKC').toLowerCase();
  if (/english|英文|英语|yingwen|yingyu|\beng\b|\ben\b/u.test(normalised)) return 'en';
  if (/chinese|mandarin|中文|汉语|普通话|zhongwen|hanyu|putonghua|\bzh\b|\bcn\b/u.test(normalised)) return 'zh-CN';
  return undefined;
}

/** A phone number inside a sentence (`手机13912345678`, `call +852 9123 4567`), in E.164. */
export function phoneIn(text: string, region: CountryCode): string | undefined {
  return findPhoneNumbersInText(text.normalize('NFKC'), region)[0]?.number.number;
}
