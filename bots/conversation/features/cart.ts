import { buyerPrices, unitPrice } from './catalog.ts';
import { lineLimit } from '../../../core/orders/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

/**
 * Adds one unit, or `quantity` when the customer named one (a product sold in cases: its
 * minimum first, then a case at a time; a quantity asked for is rounded up to what the rule
 * allows). The cart lives in the conversation state, so it survives restarts. Any cart change
 * drops a checkout in progress, so a review's Confirm button can never order other lines.
 * `thenCart`: the cart is shown after (an order written in free text).
 */
export async function addToCart(turn: Turn, productId: number, quantity?: number, thenCart = false): Promise<Reply[]> {
  const item = await turn.deps.core.catalog.item(productId).catch(() => null);
  if (!item) return [turn.reply(turn.say('catalog.unavailable'), mainMenu(turn))];
  // The same cap the order will be checked against (a chat customer's).
  const max = lineLimit(turn.deps.policy, turn.capped);
  const line = turn.state.cart.find((entry) => entry.productId === productId);
  const adding = allowedStep(item.packs, line?.quantity ?? 0, quantity);
  if ((line?.quantity ?? 0) + adding > max) return [turn.reply(turn.say('cart.limit', { max }))];
  if (line) line.quantity += adding;
  else turn.state.cart.push({ productId, quantity: adding });
  turn.state.checkout = undefined;
  const inCart = line?.quantity ?? adding;
  const added = turn.say('cart.added', { name: turn.productName(item), quantity: inCart });
  if (thenCart) {
    const [cart] = await showCart(turn);
    return [{ ...cart!, text: `${added}\n\n${cart!.text}` }];
  }
  return [turn.reply(added, [
    [turn.button('button.cart', { a: 'cart' }), turn.button('button.checkout', { a: 'co' })],
    [turn.button('button.catalog', { a: 'cats' })],
  ])];
}

/** Units to add to a line holding `had`: one (or the case rule's minimum, then a case), or `wanted` rounded up to the rule. */
function allowedStep(packs: { minimum: number; caseSize: number } | null, had: number, wanted?: number): number {
  if (!packs) return wanted ?? 1;
  if (wanted === undefined) return had === 0 ? packs.minimum : packs.caseSize;
  const total = Math.max(packs.minimum, had + wanted);
  const rounded = packs.minimum + Math.ceil((total - packs.minimum) / packs.caseSize) * packs.caseSize;
  return rounded - had;
}

/** The cart with a −/+/✕ row per line, the subtotal, and check-out. */
export async function showCart(turn: Turn, edit = false): Promise<Reply[]> {
  const items = await turn.deps.core.catalog.items(turn.state.cart.map((line) => line.productId));
  // Products taken off sale since they were added leave the cart.
  turn.state.cart = turn.state.cart.filter((line) => items.some((item) => item.id === line.productId));
  if (turn.state.cart.length === 0) return [turn.reply(turn.say('cart.empty'), [[turn.button('button.catalog', { a: 'cats' }), turn.button('button.menu', { a: 'menu' })]], edit)];
  const currency = items[0]!.currency;
  const prices = await buyerPrices(turn, items.map((item) => item.sku));
  let subtotal = 0;
  const lines = turn.state.cart.map((line) => {
    const item = items.find((entry) => entry.id === line.productId)!;
    const amount = unitPrice(item, prices, line.quantity) * line.quantity;
    subtotal += amount;
    return turn.say('cart.line', { name: turn.productName(item), quantity: line.quantity, amount: turn.money(amount, item.currency) });
  });
  const buttons = turn.state.cart.map((line) => {
    const item = items.find((entry) => entry.id === line.productId)!;
    return [
      turn.rawButton(`− ${turn.productName(item)}`, { a: 'qty', p: line.productId, d: -1 }),
      turn.rawButton('+', { a: 'qty', p: line.productId, d: 1 }),
      turn.rawButton('✕', { a: 'rm', p: line.productId }),
    ];
  });
  const text = [turn.say('cart.title'), ...lines, turn.say('cart.subtotal', { amount: turn.money(subtotal, currency) })].join('\n');
  return [turn.reply(text, [
    ...buttons,
    [turn.button('button.checkout', { a: 'co' }), turn.button('button.clear_cart', { a: 'clear' })],
    // A company's buyer may ask for a quote of the cart instead (staff send it back here).
    ...(prices ? [[turn.button('button.request_quote', { a: 'rq' })]] : []),
    [turn.button('button.catalog', { a: 'cats' }), turn.button('button.menu', { a: 'menu' })],
  ], edit)];
}

/** − or + one unit on a line, or one case for a product sold in cases (a line below its minimum leaves the cart). */
export async function changeQuantity(turn: Turn, productId: number, delta: 1 | -1): Promise<Reply[]> {
  const line = turn.state.cart.find((entry) => entry.productId === productId);
  if (!line) return showCart(turn, true);
  const [item] = await turn.deps.core.catalog.items([productId]);
  const packs = item?.packs ?? null;
  const max = lineLimit(turn.deps.policy, turn.capped);
  const next = line.quantity + delta * (packs?.caseSize ?? 1);
  line.quantity = next > max ? line.quantity : next;
  turn.state.checkout = undefined;
  if (line.quantity <= 0 || (packs && line.quantity < packs.minimum)) turn.state.cart = turn.state.cart.filter((entry) => entry !== line);
  return showCart(turn, true);
}

export async function removeLine(turn: Turn, productId: number): Promise<Reply[]> {
  turn.state.cart = turn.state.cart.filter((entry) => entry.productId !== productId);
  turn.state.checkout = undefined;
  return showCart(turn, true);
}

export function clearCart(turn: Turn): Reply[] {
  turn.state.cart = [];
  turn.state.checkout = undefined;
  return [turn.reply(turn.say('cart.cleared'), mainMenu(turn), true)];
}
