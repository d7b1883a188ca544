import type { CatalogItem } from '../../../core/catalog/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

const pageSize = 6;

/** `/catalog`: the categories as buttons. */
export async function showCategories(turn: Turn, edit = false): Promise<Reply[]> {
  const categories = await turn.deps.core.catalog.categories();
  if (categories.length === 0) return [turn.reply(turn.say('catalog.empty'), mainMenu(turn), edit)];
  const buttons = categories.map(({ category, products }, index) => [
    turn.rawButton(`${categoryLabel(turn, category)} (${products})`, { a: 'cat', i: index, p: 1 }),
  ]);
  return [turn.reply(turn.say('catalog.categories'), [...buttons, [turn.button('button.cart', { a: 'cart' }), turn.button('button.menu', { a: 'menu' })]], edit)];
}

/** One page of a category: a button per product, paging, back. */
export async function showCategory(turn: Turn, index: number, page: number, edit = false): Promise<Reply[]> {
  const categories = await turn.deps.core.catalog.categories();
  const category = categories[index]?.category;
  if (category === undefined) return showCategories(turn, edit);
  const result = await turn.deps.core.catalog.page(category, page, pageSize);
  const products = result.items.map((item) => [
    turn.rawButton(turn.say('catalog.product_button', { name: turn.productName(item), price: turn.money(item.priceMinor, item.currency) }), { a: 'prod', p: item.id }),
  ]);
  const paging = [
    ...(result.page > 1 ? [turn.button('button.previous', { a: 'cat', i: index, p: result.page - 1 })] : []),
    ...(result.page < result.pages ? [turn.button('button.next', { a: 'cat', i: index, p: result.page + 1 })] : []),
  ];
  const text = turn.say('catalog.category', { category: categoryLabel(turn, category), page: result.page, pages: result.pages });
  return [turn.reply(text, [...products, ...(paging.length > 0 ? [paging] : []), [turn.button('button.back', { a: 'cats' }), turn.button('button.cart', { a: 'cart' })]], edit)];
}

/** A product's detail with "add to cart". */
export async function showProduct(turn: Turn, productId: number, edit = false): Promise<Reply[]> {
  const item = await turn.deps.core.catalog.item(productId).catch(() => null);
  if (!item) return [turn.reply(turn.say('catalog.unavailable'), mainMenu(turn))];
  const description = (turn.locale === 'zh-CN' ? item.descriptionZh : item.description) ?? item.description ?? '';
  const text = turn.say('catalog.product', {
    name: turn.productName(item),
    description,
    price: turn.money(item.priceMinor, item.currency),
    availability: availability(turn, item),
  });
  const categories = await turn.deps.core.catalog.categories();
  const index = Math.max(0, categories.findIndex((entry) => entry.category === (item.category ?? '')));
  const buttons = [
    ...(item.available > 0 || item.allowBackorder ? [[turn.button('button.add', { a: 'add', p: item.id })]] : []),
    [turn.button('button.back', { a: 'cat', i: index, p: 1 }), turn.button('button.cart', { a: 'cart' })],
  ];
  return [turn.reply(text.replace(/\n\n+/g, '\n'), buttons, edit)];
}

/** In stock (how many), or out of stock; a product sold on backorder says so, with the date the shop expects it. */
function availability(turn: Turn, item: CatalogItem): string {
  if (item.available > 0) return turn.say(item.allowBackorder ? 'catalog.in_stock_backorder' : 'catalog.in_stock', { count: item.available });
  if (!item.allowBackorder) return turn.say('catalog.out_of_stock');
  return item.backorderExpectedAt
    ? turn.say('catalog.backorder_expected', { date: turn.date(`${item.backorderExpectedAt}T12:00:00Z`) })
    : turn.say('catalog.backorder');
}

function categoryLabel(turn: Turn, category: string): string {
  return category === '' ? turn.say('catalog.category.none') : category;
}
