import type { ServiceContext } from '../shared/service-context.ts';
import { authorize } from '../shared/authorization.ts';
import type { Actor } from '../shared/actor.ts';
import { createProduct, getProduct, listProducts, updateProduct, type ProductInput, type ProductPatch, type ProductView } from './product.service.ts';
import { setQuantityRule } from './quantity-rule.service.ts';
import { createPriceList, findPriceList, priceListView, setPriceItem, type PriceItemInput, type PriceListInput, type PriceListView } from './price-list.service.ts';
import type { QuantityRuleFacts } from './quantity-rules.ts';
import { catalogCategories, catalogItem, catalogItems, catalogPage, type CatalogCategory, type CatalogItem, type CatalogPage } from './catalog.queries.ts';
import { searchCatalog, type SearchHit, type SearchTerm } from './catalog-search.ts';
import { setCategoryNames, type CategoryNames } from './category.service.ts';

/** Products: what the shop sells and what shoppers browse. */
export interface CatalogService {
  createProduct(input: ProductInput, actor: Actor): Promise<ProductView>;
  updateProduct(sku: string, patch: ProductPatch, actor: Actor): Promise<ProductView>;
  getProduct(sku: string): Promise<ProductView>;
  /** A product's case-pack rule (at least, in steps of, at most), or null to remove it; enforced on every channel. */
  setQuantityRule(sku: string, rule: QuantityRuleFacts | null, actor: Actor): Promise<QuantityRuleFacts | null>;
  listProducts(filter?: { category?: string | undefined; activeOnly?: boolean | undefined }): Promise<ProductView[]>;
  /** Categories of active products with their names and product counts (the chat's catalogue). */
  categories(): Promise<CatalogCategory[]>;
  /** Sets a category's names in English and Chinese (what customers see instead of its code). */
  setCategoryNames(code: string, names: CategoryNames, actor: Actor): Promise<CategoryNames & { code: string }>;
  /** Active products matching a shopper's words (name, alias, pinyin, category), best first. */
  search(terms: readonly SearchTerm[], limit: number): Promise<SearchHit[]>;
  /** One page of a category's active products, by name. */
  page(category: string, page: number, pageSize: number): Promise<CatalogPage>;
  /** Active products by id, in the order asked (unknown ones left out). */
  items(ids: number[]): Promise<CatalogItem[]>;
  /** One active product, or `not_found`. */
  item(id: number): Promise<CatalogItem>;
  /** Price lists of company accounts: one currency, at most one parent to fall back on. */
  createPriceList(input: PriceListInput, actor: Actor): Promise<PriceListView>;
  /** Sets one price of a list (a product or category, from a quantity on); orders and quotes already priced keep theirs. */
  setPriceItem(code: string, item: PriceItemInput, actor: Actor): Promise<PriceListView>;
  getPriceList(code: string, actor: Actor): Promise<PriceListView>;
}

export function createCatalogService({ uow }: ServiceContext): CatalogService {
  return {
    createProduct: async (input, actor) => {
      authorize(actor, 'catalog.write');
      return uow.write((tx) => createProduct(tx, input));
    },
    updateProduct: async (sku, patch, actor) => {
      authorize(actor, 'catalog.write');
      return uow.write((tx) => updateProduct(tx, sku, patch, actor));
    },
    getProduct: (sku) => uow.read((em) => getProduct(em, sku)),
    setQuantityRule: async (sku, rule, actor) => {
      authorize(actor, 'catalog.write');
      return uow.write((tx) => setQuantityRule(tx, sku, rule, actor));
    },
    listProducts: (filter) => uow.read((em) => listProducts(em, filter)),
    setCategoryNames: async (code, names, actor) => {
      authorize(actor, 'catalog.write');
      return uow.write((tx) => setCategoryNames(tx, code, names, actor));
    },
    search: (terms, limit) => uow.read((em) => searchCatalog(em, terms, limit)),
    categories: () => uow.read(catalogCategories),
    page: (category, page, pageSize) => uow.read((em) => catalogPage(em, category, page, pageSize)),
    items: (ids) => uow.read((em) => catalogItems(em, ids)),
    item: (id) => uow.read((em) => catalogItem(em, id)),
    createPriceList: async (input, actor) => {
      authorize(actor, 'account.admin');
      return uow.write(async (tx) => priceListView(tx, await createPriceList(tx, input, actor)));
    },
    setPriceItem: async (code, item, actor) => {
      authorize(actor, 'account.admin');
      return uow.write(async (tx) => priceListView(tx, await setPriceItem(tx, code, item, actor)));
    },
    getPriceList: async (code, actor) => {
      authorize(actor, 'account.admin');
      return uow.read(async (em) => priceListView(em, await findPriceList(em, code)));
    },
  };
}
