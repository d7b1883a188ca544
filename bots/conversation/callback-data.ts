import { z } from 'zod';
import { paymentMethods } from '../../core/orders/index.ts';
import { ticketKinds } from '../../core/service/index.ts';

const id = z.number().int().positive();
const orderNumber = z.string().min(1).max(32);
/** The checkout a button belongs to: buttons of an earlier checkout are stale. */
const checkout = z.string().min(1).max(12);

/**
 * What a button sends back when pressed, typed and validated: never a hand-split string.
 * Encoded as compact JSON, which stays within Telegram's 64-byte `callback_data` limit.
 */
export const callbackData = z.discriminatedUnion('a', [
  z.object({ a: z.literal('menu') }),
  z.object({ a: z.literal('help') }),
  z.object({ a: z.literal('cats') }),
  /** A category (index in the sorted list) and page. */
  z.object({ a: z.literal('cat'), i: z.number().int().min(0), p: z.number().int().min(1) }),
  z.object({ a: z.literal('prod'), p: id }),
  z.object({ a: z.literal('add'), p: id }),
  z.object({ a: z.literal('cart') }),
  z.object({ a: z.literal('qty'), p: id, d: z.union([z.literal(1), z.literal(-1)]) }),
  z.object({ a: z.literal('rm'), p: id }),
  z.object({ a: z.literal('clear') }),
  z.object({ a: z.literal('co') }),
  z.object({ a: z.literal('addr'), k: checkout, i: z.number().int().min(0).max(9) }),
  z.object({ a: z.literal('naddr'), k: checkout }),
  /** The latest saved address and the last phone at once (a returning customer). */
  z.object({ a: z.literal('same'), k: checkout }),
  z.object({ a: z.literal('phone'), k: checkout }),
  z.object({ a: z.literal('pay'), k: checkout, m: z.enum(paymentMethods) }),
  z.object({ a: z.literal('ok'), k: checkout }),
  z.object({ a: z.literal('abort'), k: checkout }),
  z.object({ a: z.literal('orders') }),
  z.object({ a: z.literal('track'), o: orderNumber }),
  z.object({ a: z.literal('cxl'), o: orderNumber }),
  z.object({ a: z.literal('cxy'), o: orderNumber }),
  z.object({ a: z.literal('cxn'), o: orderNumber }),
  z.object({ a: z.literal('ret'), o: orderNumber }),
  z.object({ a: z.literal('langs') }),
  z.object({ a: z.literal('lang'), l: z.enum(['zh-CN', 'en']) }),
  z.object({ a: z.literal('faq'), t: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/) }),
  z.object({ a: z.literal('human') }),
  /** Complaint wizard: which order (none for a general complaint), then what kind. */
  z.object({ a: z.literal('cpo'), o: orderNumber.optional() }),
  z.object({ a: z.literal('cpk'), k: z.enum(ticketKinds) }),
  /** A rating from 1 (poor) to 5 (excellent) of how a ticket was handled. */
  z.object({ a: z.literal('rt'), t: z.string().min(1).max(20), s: z.number().int().min(1).max(5) }),
  /** After a failed delivery: try again on this day (YYYY-MM-DD). */
  z.object({ a: z.literal('rea'), o: orderNumber, d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  /** After a failed delivery: deliver to a new address (asked next). */
  z.object({ a: z.literal('rad'), o: orderNumber }),
  /** An admin of the buyer's company approves / rejects an order over the buyer's own limit. */
  z.object({ a: z.literal('bap'), o: orderNumber }),
  z.object({ a: z.literal('brj'), o: orderNumber }),
  /** The buyer accepts / declines a quote sent to them. */
  z.object({ a: z.literal('qac'), q: z.string().min(1).max(20) }),
  z.object({ a: z.literal('qdc'), q: z.string().min(1).max(20) }),
  /** A company's buyer asks for a quote of their cart. */
  z.object({ a: z.literal('rq') }),
  /** Booking: the services, a service's days, a day's times (page), a time (minutes since the epoch), confirm, cancel (of a version), mine. */
  z.object({ a: z.literal('bk') }),
  z.object({ a: z.literal('bks'), s: id }),
  z.object({ a: z.literal('bkd'), s: id, d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), p: z.number().int().min(1).max(50) }),
  z.object({ a: z.literal('bkt'), s: id, t: z.number().int().positive() }),
  z.object({ a: z.literal('bkc'), b: z.string().regex(/^BK-\d{6,}$/) }),
  z.object({ a: z.literal('bkx'), b: z.string().regex(/^BK-\d{6,}$/), v: z.number().int().positive() }),
  z.object({ a: z.literal('bkl') }),
  /** A driver's stop buttons: arrived / delivered, failed (then why). */
  z.object({ a: z.literal('dv'), s: id, k: z.enum(['a', 'd']) }),
  z.object({ a: z.literal('dvf'), s: id }),
  z.object({ a: z.literal('dvr'), s: id, r: z.enum(['not_home', 'wrong_address', 'refused']) }),
  /** A reminder's [I'll be there] (of the version reminded of). */
  z.object({ a: z.literal('bka'), b: z.string().regex(/^BK-\d{6,}$/), v: z.number().int().positive() }),
  /** Moving a booking (of the version shown): its days, a day's times (page), the new time. */
  z.object({ a: z.literal('bkm'), b: z.string().regex(/^BK-\d{6,}$/), v: z.number().int().positive() }),
  z.object({ a: z.literal('bkmd'), b: z.string().regex(/^BK-\d{6,}$/), v: z.number().int().positive(), d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), p: z.number().int().min(1).max(50) }),
  z.object({ a: z.literal('bkmt'), b: z.string().regex(/^BK-\d{6,}$/), v: z.number().int().positive(), t: z.number().int().positive() }),
  /** A delivery rating from 1 (poor) to 5 (excellent) for one order. */
  z.object({ a: z.literal('rate'), o: orderNumber, s: z.number().int().min(1).max(5) }),
]);

export type CallbackData = z.infer<typeof callbackData>;
export type CallbackAction = CallbackData['a'];

/** Max bytes of Telegram's `callback_data`. */
const maxBytes = 64;

export function encodeCallback(data: CallbackData): string {
  const encoded = JSON.stringify(callbackData.parse(data));
  if (Buffer.byteLength(encoded) > maxBytes) throw new Error(`callback data longer than ${maxBytes} bytes: ${encoded}`);
  return encoded;
}

/** The button's data, or null when it is not ours or no longer valid (an old message's button). */
export function decodeCallback(raw: string): CallbackData | null {
  try {
    const parsed = callbackData.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
