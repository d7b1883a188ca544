import { randomBytes } from 'node:crypto';
import { isAppError } from '../../../core/shared/errors.ts';
import type { OrderQuote } from '../../../core/orders/index.ts';
import type { Reply } from '../io.ts';
import type { CheckoutDraft, CheckoutStep } from '../state.ts';
import type { Turn } from '../turn.ts';
import { mainMenu, staleButton } from './menu.ts';
import { paymentInstructions } from './payment.ts';

/**
 * The checkout's end (`checkout.ts` asks address, phone and payment): the review at today's
 * prices, the purchase-order reference of a company buyer, Confirm (prices checked again) and
 * abort.
 */

/** A fresh checkout key (its buttons carry it: those of an earlier checkout are stale). */
export const newCheckoutId = (): string => randomBytes(6).toString('base64url');

/** The checkout the button belongs to, when it is still the current one at one of `steps`. */
export function currentCheckout(turn: Turn, key: string | undefined, steps: CheckoutStep[]): CheckoutDraft | null {
  const draft = turn.state.checkout;
  return draft && (key === undefined || draft.id === key) && steps.includes(draft.step) ? draft : null;
}

/** A company buyer writes their purchase-order reference at the review: it goes on the order. */
export function notePoRef(turn: Turn, draft: CheckoutDraft, text: string): Reply[] {
  draft.poRef = text.trim().slice(0, 100);
  return [turn.reply(turn.say('checkout.review.po_noted', { reference: draft.poRef }), reviewButtons(turn, draft))];
}

function reviewButtons(turn: Turn, draft: CheckoutDraft): ReturnType<Turn['button']>[][] {
  return [
    [turn.button('button.confirm', { a: 'ok', k: draft.id })],
    [turn.button('button.cart', { a: 'cart' }), turn.button('button.abort', { a: 'abort', k: draft.id })],
  ];
}

/** The review: lines, shipping, total, address, phone, payment, at today's prices (kept to be checked at Confirm). */
export async function showReview(turn: Turn, draft: CheckoutDraft, notice?: string): Promise<Reply[]> {
  draft.step = 'review';
  const quote = await turn.deps.core.orders.quote(await requestedLines(turn), draft.address, await turn.customer());
  draft.prices = Object.fromEntries(quote.lines.map((line) => [line.sku, line.unitPriceMinor]));
  const text = reviewText(turn, draft, quote);
  return [turn.reply(notice ? `${notice}\n\n${text}` : text, reviewButtons(turn, draft))];
}

function reviewText(turn: Turn, draft: CheckoutDraft, quote: OrderQuote): string {
  return [
    turn.say('checkout.review'),
    ...quote.lines.map((line) => turn.say('cart.line', { name: turn.productName(line), quantity: line.quantity, amount: turn.money(line.lineTotalMinor, quote.currency) })),
    turn.say('checkout.review.shipping', { amount: turn.money(quote.shippingMinor, quote.currency) }),
    turn.say('order.total', { amount: turn.money(quote.totalMinor, quote.currency) }),
    turn.say('checkout.review.address', { address: draft.address ? formatAddress(draft.address) : '—' }),
    turn.say('checkout.review.phone', { phone: draft.phone ?? '—' }),
    turn.say('checkout.review.payment', { payment: turn.say(`payment.${draft.payment!}`) }),
    ...(quote.account ? [turn.say('checkout.review.account', {
      company: quote.account.name,
      terms: quote.account.paymentDueAt ? turn.say('terms.due', { date: turn.date(quote.account.paymentDueAt) }) : turn.say(`terms.${quote.account.paymentTerms === 'prepaid' ? 'prepaid' : 'on_fulfillment'}`),
    }), turn.say('checkout.review.po_ask')] : []),
    ...(quote.approvalReasons.length > 0 ? [turn.say('checkout.review.approval')] : []),
  ].join('\n');
}

/**
 * Places the order. The idempotency key is the checkout's id: the same confirming update
 * delivered twice, or Confirm pressed twice, or a retry after a crash, all make one order.
 */
export async function confirm(turn: Turn, key: string): Promise<Reply[]> {
  const draft = currentCheckout(turn, key, ['review']);
  if (!draft || !draft.payment || !draft.phone) return staleButton(turn);
  const actor = await turn.actor();
  const placed = await turn.deps.core.orders.placeOrder({
    channel: turn.channel,
    identity: { channel: turn.channel, externalId: turn.chatId },
    contact: { name: turn.profile.name, phone: draft.phone, locale: turn.locale },
    // The prices the customer saw: one changed since is refused and nothing is placed.
    lines: (await requestedLines(turn)).map((line) => ({ ...line, expectedPriceMinor: draft.prices?.[line.sku] })),
    shippingAddress: draft.address,
    paymentMethod: draft.payment,
    customerPoRef: draft.poRef,
    actor,
  }, { scope: `chat:${turn.channel}:${turn.chatId}`, key: `checkout:${draft.id}` }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'price_mismatch') return null;
    throw error;
  });
  if (!placed) {
    // The new total is shown and Confirm asked again (a new key: the first request was refused, not stored).
    draft.id = newCheckoutId();
    return showReview(turn, draft, turn.say('checkout.prices_changed'));
  }
  const { order } = placed;
  turn.state = { cart: [], lastPhone: draft.phone, ...(turn.state.phoneVerified && { phoneVerified: true }), ...(turn.state.companyBuyer && { companyBuyer: true }) };
  return [turn.reply(turn.say('checkout.placed', { number: order.number }), [
    [turn.button('button.track', { a: 'track', o: order.number }, { number: order.number })],
    ...mainMenu(turn),
  ], true), ...(await paymentInstructions(turn, order))];
}

export function abort(turn: Turn, key: string): Reply[] {
  if (!currentCheckout(turn, key, ['address', 'address_text', 'phone', 'payment', 'review'])) return staleButton(turn);
  turn.state.checkout = undefined;
  return [turn.reply(turn.say('checkout.aborted'), mainMenu(turn), true)];
}

async function requestedLines(turn: Turn): Promise<Array<{ sku: string; quantity: number }>> {
  const items = await turn.deps.core.catalog.items(turn.state.cart.map((line) => line.productId));
  return turn.state.cart.flatMap((line) => {
    const item = items.find((entry) => entry.id === line.productId);
    return item ? [{ sku: item.sku, quantity: line.quantity }] : [];
  });
}

export function formatAddress(address: { line1: string; city: string; postalCode?: string | null | undefined }): string {
  return [address.line1, address.city, address.postalCode].filter(Boolean).join(', ');
}

