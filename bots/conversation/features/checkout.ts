import { randomBytes } from 'node:crypto';
import { isAppError } from '../../../core/shared/errors.ts';
import type { OrderQuote, PaymentMethod } from '../../../core/orders/index.ts';
import type { Reply } from '../io.ts';
import type { CheckoutDraft, CheckoutStep } from '../state.ts';
import type { Turn } from '../turn.ts';
import { chatPaymentMethods, mainMenu, staleButton } from './menu.ts';
import { paymentInstructions } from './payment.ts';
import { addressIn } from '../../nlu/address.ts';
import { phoneIn } from '../../nlu/entities.ts';
import { wizardEscape } from '../intents.ts';
import { showCart } from './cart.ts';

/** The checkout the button belongs to, when it is still the current one at one of `steps`. */
function current(turn: Turn, key: string | undefined, steps: CheckoutStep[]): CheckoutDraft | null {
  const draft = turn.state.checkout;
  return draft && (key === undefined || draft.id === key) && steps.includes(draft.step) ? draft : null;
}

/** Starts the wizard: address (saved ones offered), phone, payment, review, confirm. */
export async function startCheckout(turn: Turn): Promise<Reply[]> {
  if (turn.state.cart.length === 0) return [turn.reply(turn.say('checkout.cart_changed'), mainMenu(turn))];
  const draft: CheckoutDraft = { id: randomBytes(6).toString('base64url'), step: 'address' };
  turn.state.checkout = draft;
  const saved = await turn.deps.core.customers.savedAddresses(await turn.actor());
  if (saved.length === 0) return askAddress(turn, draft);
  // A returning customer: last time's address and phone in one tap.
  const last = turn.state.lastPhone;
  const same = last ? [[turn.button('button.same_as_last', { a: 'same', k: draft.id }, { address: formatAddress(saved[0]!).slice(0, 40), phone: last })]] : [];
  const buttons = saved.map((address, index) => [turn.rawButton(formatAddress(address).slice(0, 60), { a: 'addr', k: draft.id, i: index })]);
  return [turn.reply(turn.say('checkout.address.choose'), [...same, ...buttons, [turn.button('button.new_address', { a: 'naddr', k: draft.id })], [turn.button('button.abort', { a: 'abort', k: draft.id })]])];
}

/** "Same as last time": the latest saved address and the last phone, straight to payment. */
export async function sameAsLast(turn: Turn, key: string): Promise<Reply[]> {
  const draft = current(turn, key, ['address']);
  const [address] = await turn.deps.core.customers.savedAddresses(await turn.actor());
  if (!draft || !address || !turn.state.lastPhone) return staleButton(turn);
  draft.phone = turn.state.lastPhone;
  return takeAddress(turn, draft, { line1: address.line1, city: address.city, region: address.region, postalCode: address.postalCode, country: address.country }, () => askPayment(turn, draft));
}

export async function chooseSavedAddress(turn: Turn, key: string, index: number): Promise<Reply[]> {
  const draft = current(turn, key, ['address']);
  if (!draft) return staleButton(turn);
  const address = (await turn.deps.core.customers.savedAddresses(await turn.actor()))[index];
  if (!address) return askAddress(turn, draft);
  return takeAddress(turn, draft, { line1: address.line1, city: address.city, region: address.region, postalCode: address.postalCode, country: address.country }, () => askPhone(turn, draft));
}

/**
 * An address no carrier (nor the own fleet) delivers to is asked again, politely, before
 * anything is confirmed; one that is served goes on to `next`.
 */
async function takeAddress(turn: Turn, draft: CheckoutDraft, address: NonNullable<CheckoutDraft['address']>, next: () => Reply[]): Promise<Reply[]> {
  if (!(await turn.deps.core.logistics.deliversTo(address))) {
    draft.step = 'address_text';
    draft.address = undefined;
    return [turn.reply(turn.say('checkout.address.unserved', { city: address.city }), [
      [turn.button('button.human', { a: 'human' })],
      [turn.button('button.abort', { a: 'abort', k: draft.id })],
    ])];
  }
  draft.address = address;
  return next();
}

export function newAddress(turn: Turn, key: string): Reply[] {
  const draft = current(turn, key, ['address', 'address_text']);
  return draft ? askAddress(turn, draft) : staleButton(turn);
}

function askAddress(turn: Turn, draft: CheckoutDraft): Reply[] {
  draft.step = 'address_text';
  return [turn.reply(turn.say('checkout.address.ask'), [[turn.button('button.abort', { a: 'abort', k: draft.id })]])];
}

/** Text written while the wizard waits for an address or a phone number. */
export async function checkoutText(turn: Turn, text: string): Promise<Reply[] | null> {
  const review = turn.state.companyBuyer ? current(turn, undefined, ['review']) : null;
  if (review) return notePoRef(turn, review, text);
  const draft = current(turn, undefined, ['address_text', 'phone']);
  if (!draft) return null;
  // "Never mind" or "a person please" is not an address: the wizard steps aside.
  const escape = wizardEscape(text);
  if (escape === 'cancel') {
    turn.state.checkout = undefined;
    return [turn.reply(turn.say('checkout.aborted'), mainMenu(turn))];
  }
  if (escape === 'human') return null;
  // "Back": from the phone to the address, from the address to the cart.
  if (escape === 'back') return draft.step === 'phone' ? askAddress(turn, draft) : showCart(turn);
  if (draft.step === 'address_text') {
    const address = addressIn(text);
    if (!address) return [turn.reply(turn.say('checkout.address.invalid'), [[turn.button('button.abort', { a: 'abort', k: draft.id })]])];
    return takeAddress(turn, draft, address, () => askPhone(turn, draft));
  }
  // A number inside a sentence ("手机13912345678") is found; a bare string of digits is taken as written.
  const written = text.replace(/[\s()-]/g, '');
  const phone = /^\+?\d{5,20}$/.test(written) ? written : phoneIn(text, turn.deps.phoneRegion ?? 'CN');
  if (!phone) return [turn.reply(turn.say('checkout.phone.invalid'), [[turn.button('button.abort', { a: 'abort', k: draft.id })]])];
  draft.phone = phone;
  return askPayment(turn, draft);
}

/** A company buyer writes their purchase-order reference at the review: it goes on the order. */
function notePoRef(turn: Turn, draft: CheckoutDraft, text: string): Reply[] {
  draft.poRef = text.trim().slice(0, 100);
  return [turn.reply(turn.say('checkout.review.po_noted', { reference: draft.poRef }), reviewButtons(turn, draft))];
}

function reviewButtons(turn: Turn, draft: CheckoutDraft): ReturnType<Turn['button']>[][] {
  return [
    [turn.button('button.confirm', { a: 'ok', k: draft.id })],
    [turn.button('button.cart', { a: 'cart' }), turn.button('button.abort', { a: 'abort', k: draft.id })],
  ];
}

function askPhone(turn: Turn, draft: CheckoutDraft): Reply[] {
  draft.step = 'phone';
  const last = turn.state.lastPhone;
  return [
    turn.reply(turn.say('checkout.phone.ask'), [
      ...(last ? [[turn.button('button.use_phone', { a: 'phone', k: draft.id }, { phone: last })]] : []),
      [turn.button('button.abort', { a: 'abort', k: draft.id })],
    ]),
    ...(turn.channel === 'telegram' ? [{ text: turn.say('checkout.phone.share'), contactButton: turn.say('button.share_phone') }] : []),
  ];
}

/**
 * A phone shared with the platform's contact button. The customer's own (the platform vouches
 * for it) verifies them, which lifts the chat order caps; someone else's contact is only a
 * number. Either answers the checkout's phone step when it waits for one.
 */
export async function sharedContact(turn: Turn, phone: string, own: boolean): Promise<Reply[]> {
  const verified: Reply[] = [];
  if (own) {
    await turn.deps.core.customers.verifyPhone(phone, await turn.actor());
    turn.state.phoneVerified = true;
    verified.push(turn.reply(turn.say('chat.phone_verified', { phone })));
  }
  const answer = await checkoutText(turn, phone);
  if (answer) return [...verified, ...answer];
  return [turn.reply(own ? turn.say('chat.phone_verified', { phone }) : turn.say('chat.contact_not_own'), mainMenu(turn))];
}

export function useLastPhone(turn: Turn, key: string): Reply[] {
  const draft = current(turn, key, ['phone']);
  if (!draft || !turn.state.lastPhone) return staleButton(turn);
  draft.phone = turn.state.lastPhone;
  return askPayment(turn, draft);
}

function askPayment(turn: Turn, draft: CheckoutDraft): Reply[] {
  draft.step = 'payment';
  const buttons = chatPaymentMethods(turn).map((method) => [turn.button(`payment.${method}`, { a: 'pay', k: draft.id, m: method })]);
  return [turn.reply(turn.say('checkout.payment.ask'), [...buttons, [turn.button('button.abort', { a: 'abort', k: draft.id })]])];
}

export async function choosePayment(turn: Turn, key: string, method: PaymentMethod): Promise<Reply[]> {
  const draft = current(turn, key, ['payment']);
  if (!draft || !chatPaymentMethods(turn).includes(method)) return staleButton(turn);
  draft.payment = method;
  return showReview(turn, draft);
}

/** The review: lines, shipping, total, address, phone, payment, at today's prices (kept to be checked at Confirm). */
async function showReview(turn: Turn, draft: CheckoutDraft, notice?: string): Promise<Reply[]> {
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
  const draft = current(turn, key, ['review']);
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
    draft.id = randomBytes(6).toString('base64url');
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
  if (!current(turn, key, ['address', 'address_text', 'phone', 'payment', 'review'])) return staleButton(turn);
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

