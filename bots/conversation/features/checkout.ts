import type { PaymentMethod } from '../../../core/orders/index.ts';
import type { Reply } from '../io.ts';
import type { CheckoutDraft } from '../state.ts';
import type { Turn } from '../turn.ts';
import { chatPaymentMethods, mainMenu, staleButton } from './menu.ts';
import { currentCheckout, formatAddress, newCheckoutId, notePoRef, showReview } from './checkout-review.ts';
import { addressIn } from '../../nlu/address.ts';
import { phoneIn } from '../../nlu/entities.ts';
import { wizardEscape } from '../intents.ts';
import { showCart } from './cart.ts';

/** Starts the wizard: address (saved ones offered), phone, payment, review, confirm. */
export async function startCheckout(turn: Turn): Promise<Reply[]> {
  if (turn.state.cart.length === 0) return [turn.reply(turn.say('checkout.cart_changed'), mainMenu(turn))];
  const draft: CheckoutDraft = { id: newCheckoutId(), step: 'address' };
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
  const draft = currentCheckout(turn, key, ['address']);
  const [address] = await turn.deps.core.customers.savedAddresses(await turn.actor());
  if (!draft || !address || !turn.state.lastPhone) return staleButton(turn);
  draft.phone = turn.state.lastPhone;
  return takeAddress(turn, draft, { line1: address.line1, city: address.city, region: address.region, postalCode: address.postalCode, country: address.country }, () => askPayment(turn, draft));
}

export async function chooseSavedAddress(turn: Turn, key: string, index: number): Promise<Reply[]> {
  const draft = currentCheckout(turn, key, ['address']);
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
  const draft = currentCheckout(turn, key, ['address', 'address_text']);
  return draft ? askAddress(turn, draft) : staleButton(turn);
}

function askAddress(turn: Turn, draft: CheckoutDraft): Reply[] {
  draft.step = 'address_text';
  return [turn.reply(turn.say('checkout.address.ask'), [[turn.button('button.abort', { a: 'abort', k: draft.id })]])];
}

/** Text written while the wizard waits for an address or a phone number. */
export async function checkoutText(turn: Turn, text: string): Promise<Reply[] | null> {
  const review = turn.state.companyBuyer ? currentCheckout(turn, undefined, ['review']) : null;
  if (review) return notePoRef(turn, review, text);
  const draft = currentCheckout(turn, undefined, ['address_text', 'phone']);
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
  const draft = currentCheckout(turn, key, ['phone']);
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
  const draft = currentCheckout(turn, key, ['payment']);
  if (!draft || !chatPaymentMethods(turn).includes(method)) return staleButton(turn);
  draft.payment = method;
  return showReview(turn, draft);
}

