import type { Reply, ChatInput } from './io.ts';
import type { Turn } from './turn.ts';
import { decodeCallback, type CallbackData } from './callback-data.ts';
import { classify, type Intent } from './intents.ts';
import { help, menu, notUnderstood, staleButton, welcome, youAreWelcome } from './features/menu.ts';
import { faq, faqMatch } from './features/faq.ts';
import { showCategories, showCategory, showProduct } from './features/catalog.ts';
import { findProduct, productNamed } from './features/find-product.ts';
import { addToCart, changeQuantity, clearCart, removeLine, showCart } from './features/cart.ts';
import { checkoutText, choosePayment, chooseSavedAddress, newAddress, sameAsLast, sharedContact, startCheckout, useLastPhone } from './features/checkout.ts';
import { abort, confirm } from './features/checkout-review.ts';
import { payCommand } from './features/payment.ts';
import { askCancel, askReattemptAddress, askReturn, cancelConfirmed, cancelDeclined, myOrders, ownOrderIn, reattempt, reattemptText, track } from './features/orders.ts';
import { chooseLanguage, setLanguage } from './features/language.ts';
import { complainInWords, complaintKind, complaintOrder, complaintText, startComplaint } from './features/complaint.ts';
import { feedbackComment, forwardToTicket, rate, talkToHuman } from './features/support.ts';
import { answerQuote, decideForCompany, openQuotes, requestQuote } from './features/company.ts';
import { bulkEntry } from './features/bulk.ts';
import { bookConfirm, bookDays, bookHold, bookServices, bookTimes } from './features/booking.ts';
import { driverStop, driverWhyFailed } from './features/driver.ts';
import { bookAttend, bookCancel, bookMove, bookMoveDay, bookMoveTo, myBookings } from './features/my-bookings.ts';

/** Longest free text we try to understand (a long complaint is what a shop most needs to read); longer gets a polite "keep it short". */
const maxTextLength = 4000;

/** Routes one input to its feature. Order: commands, buttons, a wizard step waiting for text, intents. */
export async function route(turn: Turn, input: ChatInput): Promise<Reply[]> {
  if (input.kind === 'button') {
    const data = decodeCallback(input.data);
    return data ? pressed(turn, data) : staleButton(turn);
  }
  if (input.kind === 'contact') return sharedContact(turn, input.phone, input.own);
  // A file sent in the chat is read as a bulk order (a CSV of sku,quantity).
  if (input.kind === 'document') return bulkEntry(turn, input.text);
  const text = input.text.trim();
  const command = /^\/([a-z]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text);
  if (command) return commanded(turn, command[1]!.toLowerCase(), command[2]?.trim() ?? '');
  if (text.length > maxTextLength) return [turn.reply(turn.say('chat.too_long'))];
  const answer = (await checkoutText(turn, text)) ?? reattemptText(turn, text) ?? (await complaintText(turn, text)) ?? (await feedbackComment(turn, text)) ?? (await forwardToTicket(turn, text));
  if (answer) return answer;
  return understood(turn, classify(text), text);
}

function commanded(turn: Turn, name: string, args: string): Promise<Reply[]> | Reply[] {
  const orderNumber = args.split(/\s+/)[0]?.toUpperCase() || undefined;
  switch (name) {
    case 'start': return welcome(turn);
    case 'help': return help(turn);
    case 'menu': return menu(turn);
    case 'catalog': return showCategories(turn);
    case 'cart': return showCart(turn);
    case 'orders': return myOrders(turn);
    case 'track': return track(turn, orderNumber);
    case 'cancel': return askCancel(turn, orderNumber);
    case 'pay': return payCommand(turn, orderNumber);
    case 'lang': return chooseLanguage(turn);
    case 'human': return talkToHuman(turn, args);
    case 'complain': return args ? complainInWords(turn, args) : startComplaint(turn);
    case 'return': return askReturn(turn, orderNumber, args.split(/\s+/).slice(1).join(' '));
    case 'quotes': return openQuotes(turn);
    case 'bulk': return bulkEntry(turn, args);
    case 'book': return bookServices(turn);
    case 'bookings': return myBookings(turn);
    default: return notUnderstood(turn);
  }
}

/** Readings a staff FAQ keyword in the text overrides (`hong kong` → the Hong Kong answer): no order, no action taken. */
const keywordMayAnswer = new Set<Intent['intent']>(['track', 'my_orders', 'product', 'catalog', 'help', 'greeting']);

/**
 * A long message of real words (over 400 characters, at least 15 different words or 30 different
 * Chinese characters) is a story for a person to read: a detailed complaint, a problem explained
 * at length. What a classifier makes of its many words matters less than that staff read it.
 */
function isStory(text: string): boolean {
  if (text.length <= 400) return false;
  const words = new Set(text.toLowerCase().match(/[a-z']{2,}/g) ?? []);
  const han = new Set(text.match(/\p{Script=Han}/gu) ?? []);
  return words.size >= 15 || han.size >= 30;
}

async function understood(turn: Turn, intent: Intent, text: string): Promise<Reply[]> {
  // Unless it is about one order by number (a cancellation explained at length is still one).
  if (isStory(text) && !('orderNumber' in intent && intent.orderNumber)) {
    return intent.intent === 'complain' ? complainInWords(turn, text) : talkToHuman(turn, text);
  }
  if (keywordMayAnswer.has(intent.intent) && !('orderNumber' in intent && intent.orderNumber)) {
    const answer = await faqMatch(turn, text, true);
    if (answer) return answer;
  }
  switch (intent.intent) {
    case 'track': return track(turn, intent.orderNumber ?? (await ownOrderIn(turn, text)));
    case 'cancel': return askCancel(turn, intent.orderNumber ?? (await ownOrderIn(turn, text)));
    case 'my_orders': return myOrders(turn);
    case 'human': return talkToHuman(turn, text);
    case 'complain': return complainInWords(turn, text);
    case 'faq': return faq(turn, intent.topic, text);
    case 'return': return askReturn(turn, intent.orderNumber ?? (await ownOrderIn(turn, text)), text);
    case 'greeting': return welcome(turn);
    case 'catalog': return findProduct(turn, text, 'browsing');
    case 'product': return findProduct(turn, text, intent.add ? 'add' : 'show');
    case 'cart': return showCart(turn);
    case 'help': return help(turn);
    case 'checkout': return turn.state.cart.length > 0 ? startCheckout(turn) : showCart(turn);
    case 'thanks': return youAreWelcome(turn);
    case 'language': return intent.locale ? setLanguage(turn, intent.locale, false) : chooseLanguage(turn);
    case 'book': return bookServices(turn);
    case 'my_bookings': return myBookings(turn);
    case 'unknown': return unknown(turn, text);
  }
}

/** Text nothing above read: a product it names well, else the honest "not understood" with the menu. */
async function unknown(turn: Turn, text: string): Promise<Reply[]> {
  return (await productNamed(turn, text)) ?? (await faqMatch(turn, text)) ?? notUnderstood(turn);
}

function pressed(turn: Turn, data: CallbackData): Promise<Reply[]> | Reply[] {
  switch (data.a) {
    case 'menu': return menu(turn, true);
    case 'help': return help(turn);
    case 'cats': return showCategories(turn, true);
    case 'cat': return showCategory(turn, data.i, data.p, true);
    case 'prod': return showProduct(turn, data.p, true);
    case 'add': return addToCart(turn, data.p);
    case 'cart': return showCart(turn);
    case 'qty': return changeQuantity(turn, data.p, data.d);
    case 'rm': return removeLine(turn, data.p);
    case 'clear': return clearCart(turn);
    case 'co': return startCheckout(turn);
    case 'addr': return chooseSavedAddress(turn, data.k, data.i);
    case 'naddr': return newAddress(turn, data.k);
    case 'same': return sameAsLast(turn, data.k);
    case 'phone': return useLastPhone(turn, data.k);
    case 'pay': return choosePayment(turn, data.k, data.m);
    case 'ok': return confirm(turn, data.k);
    case 'abort': return abort(turn, data.k);
    case 'orders': return myOrders(turn);
    case 'track': return track(turn, data.o);
    case 'cxl': return askCancel(turn, data.o);
    case 'cxy': return cancelConfirmed(turn, data.o);
    case 'cxn': return cancelDeclined(turn, data.o);
    case 'ret': return askReturn(turn, data.o, '');
    case 'langs': return chooseLanguage(turn);
    case 'lang': return setLanguage(turn, data.l);
    case 'faq': return faq(turn, data.t);
    case 'human': return talkToHuman(turn);
    case 'cpo': return complaintOrder(turn, data.o);
    case 'cpk': return complaintKind(turn, data.k);
    case 'rate': return rate(turn, { orderNumber: data.o }, data.s);
    case 'rea': return reattempt(turn, data.o, data.d);
    case 'rad': return askReattemptAddress(turn, data.o);
    case 'rt': return rate(turn, { ticketNumber: data.t }, data.s);
    case 'bap': return decideForCompany(turn, data.o, true);
    case 'brj': return decideForCompany(turn, data.o, false);
    case 'qac': return answerQuote(turn, data.q, true);
    case 'qdc': return answerQuote(turn, data.q, false);
    case 'rq': return requestQuote(turn);
    case 'bk': return bookServices(turn, true);
    case 'bks': return bookDays(turn, { kind: 'book', serviceId: data.s });
    case 'bkd': return bookTimes(turn, { kind: 'book', serviceId: data.s }, data.d, data.p);
    case 'bkt': return bookHold(turn, data.s, data.t);
    case 'bkc': return bookConfirm(turn, data.b);
    case 'bkx': return bookCancel(turn, data.b, data.v);
    case 'bkl': return myBookings(turn);
    case 'bka': return bookAttend(turn, data.b, data.v);
    case 'dv': return driverStop(turn, data.s, data.k === 'a' ? 'arrived' : 'delivered');
    case 'dvf': return driverWhyFailed(turn, data.s);
    case 'dvr': return driverStop(turn, data.s, 'failed', data.r);
    case 'bkm': return bookMove(turn, data.b, data.v);
    case 'bkmd': return bookMoveDay(turn, data.b, data.v, data.d, data.p);
    case 'bkmt': return bookMoveTo(turn, data.b, data.v, data.t);
  }
}
