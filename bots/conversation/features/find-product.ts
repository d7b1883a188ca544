import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { productTerms, quantityIn } from '../../nlu/product-query.ts';
import { showCategories, showProduct } from './catalog.ts';
import { addToCart } from './cart.ts';

/** How many matches a reply lists as buttons. */
const shown = 6;
/** The best match is the product meant when it leads the next by this much (one word of two, a category against a name). */
const lead = 0.2;

/**
 * A product named in free text, found in the catalogue by name, alias, pinyin or category
 * (`do you sell teapots`, `来两盒龙井`). One clear match: its page, or with `add` it goes into
 * the cart in the quantity asked and the cart is shown. Several: a button each. None: said
 * plainly, with the categories. `browsing` (a catalogue question) shows the categories when
 * nothing matches, without an apology.
 */
export async function findProduct(turn: Turn, text: string, mode: 'show' | 'add' | 'browsing'): Promise<Reply[]> {
  const terms = productTerms(text);
  if (terms.length === 0) return showCategories(turn);
  const hits = await turn.deps.core.catalog.search(terms, shown);
  if (hits.length === 0) {
    if (mode === 'browsing') return showCategories(turn);
    const [categories] = await showCategories(turn);
    return [turn.reply(turn.say('catalog.no_match', { query: terms.map((term) => term[0]).join(' ') }), categories!.buttons)];
  }
  const [best, next] = hits;
  if (!next || best!.score - next.score >= lead) {
    const orderable = !best!.bookable && (best!.available > 0 || best!.allowBackorder);
    return mode === 'add' && orderable ? addToCart(turn, best!.id, quantityIn(text), true) : showProduct(turn, best!.id);
  }
  return [turn.reply(turn.say('catalog.matches'), [
    ...hits.map((item) => [turn.rawButton(turn.productName(item), { a: 'prod', p: item.id })]),
    [turn.button('button.catalog', { a: 'cats' }), turn.button('button.cart', { a: 'cart' })],
  ])];
}

/**
 * Free text nothing else understood that names exactly one product well (`longjing?`): that
 * product's page; else null.
 */
export async function productNamed(turn: Turn, text: string): Promise<Reply[] | null> {
  const terms = productTerms(text);
  if (terms.length === 0) return null;
  const hits = await turn.deps.core.catalog.search(terms, 2);
  const [best, next] = hits;
  if (!best || best.score < 0.85 || (next && best.score - next.score < lead)) return null;
  return showProduct(turn, best.id);
}
