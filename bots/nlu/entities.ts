import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

/**
 * An order number as customers write it: `SO-20261202-000007`, `so20261202000007`,
 * `SO 20261202 000007`, in any case; returned in its canonical form.
 */
export const looseOrderNumber = /\bso[-\s_]?(\d{8})[-\s_]?(\d{6,})\b/iu;

export function orderNumberIn(text: string): string | undefined {
  const match = looseOrderNumber.exec(text.normalize('NFKC'));
  return match ? `SO-${match[1]}-${match[2]}` : undefined;
}

/**
 * The end of an order number, when the customer gives only that (`order 000007`, `尾号0007`,
 * `#7`): to be matched against their own orders only.
 */
export function orderTailIn(text: string): string | undefined {
  const match = /(?:order|订单|尾号|单号|#|no\.?)\s*(?:no\.?|number|号|#)?\s*(\d{1,6})\b/iu.exec(text.normalize('NFKC'));
  return match?.[1];
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
