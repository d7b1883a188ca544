import type { CatalogCategory, CatalogItem } from '../../../core/catalog/index.ts';
import { tierPrice, type AccountPrice } from '../../../core/customers/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

const pageSize = 6;

/** `/catalog`: the categories as buttons. */
export async function showCategories(turn: Turn, edit = false): Promise<Reply[]> {
  const categories = await turn.deps.core.catalog.categories();
  if (categories.length === 0) return [turn.reply(turn.say('catalog.empty'), mainMenu(turn), edit)];
  const buttons = categories.map((entry, index) => [
    turn.rawButton(`${categoryLabel(turn, entry)} (${entry.products})`, { a: 'cat', i: index, p: 1 }),
  ]);
  return [turn.reply(turn.say('catalog.categories'), [...buttons, [turn.button('button.cart', { a: 'cart' }), turn.button('button.menu', { a: 'menu' })]], edit)];
}

/** One page of a category: a button per product, paging, back. */
export async function showCategory(turn: Turn, index: number, page: number, edit = false): Promise<Reply[]> {
  const categories = await turn.deps.core.catalog.categories();
  const entry = categories[index];
  if (entry === undefined) return showCategories(turn, edit);
  const result = await turn.deps.core.catalog.page(entry.category, page, pageSize);
  const prices = await buyerPrices(turn, result.items.map((item) => item.sku));
  const products = result.items.map((item) => [
    turn.rawButton(turn.say('catalog.product_button', { name: turn.productName(item), price: turn.money(unitPrice(item, prices), item.currency) }), { a: 'prod', p: item.id }),
  ]);
  const paging = [
    ...(result.page > 1 ? [turn.button('button.previous', { a: 'cat', i: index, p: result.page - 1 })] : []),
    ...(result.page < result.pages ? [turn.button('button.next', { a: 'cat', i: index, p: result.page + 1 })] : []),
  ];
  const text = turn.say('catalog.category', { category: categoryLabel(turn, entry), page: result.page, pages: result.pages });
  return [turn.reply(text, [...products, ...(paging.length > 0 ? [paging] : []), [turn.button('button.back', { a: 'cats' }), turn.button('button.cart', { a: 'cart' })]], edit)];
}

/** A product's detail with "add to cart". */
export async function showProduct(turn: Turn, productId: number, edit = false): Promise<Reply[]> {
  const item = await turn.deps.core.catalog.item(productId).catch(() => null);
  if (!item) return [turn.reply(turn.say('catalog.unavailable'), mainMenu(turn))];
  const description = (turn.locale === 'zh-CN' ? item.descriptionZh : item.description) ?? item.description ?? '';
  const prices = await buyerPrices(turn, [item.sku]);
  const text = turn.say('catalog.product', {
    name: turn.productName(item),
    description,
    price: turn.money(unitPrice(item, prices), item.currency),
    availability: availability(turn, item),
  }) + (item.packs ? `\n${turn.say('catalog.packs', { size: item.packs.caseSize, minimum: item.packs.minimum })}` : '') + tierHint(turn, item, prices);
  const categories = await turn.deps.core.catalog.categories();
  const index = Math.max(0, categories.findIndex((entry) => entry.category === (item.category ?? '')));
  const buttons = [
    ...(item.bookable ? [[turn.button('button.book', { a: 'bk' })]] : item.available > 0 || item.allowBackorder ? [[turn.button('button.add', { a: 'add', p: item.id })]] : []),
    [turn.button('button.back', { a: 'cat', i: index, p: 1 }), turn.button('button.cart', { a: 'cart' })],
  ];
  return [turn.reply(text.replace(/\n\n+/g, '\n'), buttons, edit)];
}

/** A company buyer's prices for these products (their account's list), or null for anyone else. */
export async function buyerPrices(turn: Turn, skus: string[]): Promise<Map<string, AccountPrice> | null> {
  const buyer = await turn.deps.core.accounts.buyerPrices(await turn.customer(), skus);
  turn.state.companyBuyer = buyer ? true : undefined;
  return buyer ? new Map(buyer.prices.map((price) => [price.sku, price])) : null;
}

/** What one unit costs this buyer: their account's price from one unit on, else the catalogue's. */
export function unitPrice(item: Pick<CatalogItem, 'sku' | 'priceMinor'>, prices: Map<string, AccountPrice> | null, quantity = 1): number {
  const tiers = prices?.get(item.sku)?.tiers;
  return tiers ? tierPrice(tiers, quantity) : item.priceMinor;
}

/** "12+ at ¥9.00 each, 48+ at ¥8.00 each (every unit of the line)": the account's price breaks. */
function tierHint(turn: Turn, item: CatalogItem, prices: Map<string, AccountPrice> | null): string {
  const breaks = (prices?.get(item.sku)?.tiers ?? []).slice(1);
  if (breaks.length === 0) return '';
  const each = breaks.map((tier) => turn.say('catalog.tier', { from: tier.fromQuantity, price: turn.money(tier.unitPriceMinor, item.currency) }));
  return `\n${turn.say('catalog.tiers', { tiers: each.join(turn.locale === 'zh-CN' ? '；' : '; ') })}`;
}

/** In stock (how many), or out of stock; a product sold on backorder says so, with the date the shop expects it; one made to order, when it is ready. */
function availability(turn: Turn, item: CatalogItem): string {
  if (item.bookable) return turn.say('catalog.bookable');
  if (item.madeToOrderDays !== null) {
    const ready = turn.date(new Date(Date.now() + item.madeToOrderDays * 86_400_000).toISOString());
    return item.available > 0 ? turn.say('catalog.in_stock_made_to_order', { count: item.available, date: ready }) : turn.say('catalog.made_to_order', { date: ready });
  }
  if (item.available > 0) return turn.say(item.allowBackorder ? 'catalog.in_stock_backorder' : 'catalog.in_stock', { count: item.available });
  if (!item.allowBackorder) return turn.say('catalog.out_of_stock');
  return item.backorderExpectedAt
    ? turn.say('catalog.backorder_expected', { date: turn.date(`${item.backorderExpectedAt}T12:00:00Z`) })
    : turn.say('catalog.backorder');
}

/** A category as the customer reads it: its name in their language, else the other language's, else its code. */
function categoryLabel(turn: Turn, entry: CatalogCategory): string {
  if (entry.category === '') return turn.say('catalog.category.none');
  return (turn.locale === 'zh-CN' ? entry.nameZh ?? entry.name : entry.name) ?? entry.category;
}
