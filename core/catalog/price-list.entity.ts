import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from './product.entity.ts';

/**
 * Prices for a group of customers (a company account names one), in one currency. A list may
 * fall back on one `parent` (which itself has none): items the list lacks come from there.
 */
export const PriceList = defineEntity({
  name: 'PriceList',
  tableName: 'price_list',
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().length(32).unique(),
    name: p.string().length(200),
    currency: p.string().length(3),
    parent: () => p.manyToOne(PriceList).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'price_list_not_own_parent', expression: 'parent_id is null or parent_id <> id' }],
});

export type PriceList = InferEntity<typeof PriceList>;

/**
 * One price of a list: for a product or a whole category (its subcategories included), from
 * `minQuantity` units on (all units of the line take it), either a fixed unit price or a discount
 * on the catalogue price, valid from `validFrom` until `validTo`. The unique key means two items
 * never compete, so resolution never needs a priority.
 */
export const PriceListItem = defineEntity({
  name: 'PriceListItem',
  tableName: 'price_list_item',
  properties: {
    id: p.integer().primary().autoincrement(),
    priceList: () => p.manyToOne(PriceList).deleteRule('cascade'),
    product: () => p.manyToOne(Product).nullable(),
    category: p.string().length(100).nullable(),
    minQuantity: p.integer().default(1),
    unitPriceMinor: p.bigint('number').nullable(),
    discountBasisPoints: p.integer().nullable(),
    validFrom: p.datetime(),
    validTo: p.datetime().nullable(),
  },
  indexes: [{ name: 'price_list_item_unique', expression: 'create unique index "price_list_item_unique" on "price_list_item" ("price_list_id", "product_id", "category", "min_quantity", "valid_from") nulls not distinct' }],
  checks: [
    { name: 'price_list_item_target', expression: '(product_id is null) <> (category is null)' },
    {
      name: 'price_list_item_price',
      expression: '(unit_price_minor is null) <> (discount_basis_points is null) and min_quantity >= 1 and (unit_price_minor is null or unit_price_minor >= 0) and (discount_basis_points is null or (discount_basis_points >= 0 and discount_basis_points <= 10000)) and (valid_to is null or valid_to > valid_from)',
    },
  ],
});

export type PriceListItem = InferEntity<typeof PriceListItem>;
