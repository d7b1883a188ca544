import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { searchKeys } from './search-keys.ts';

export const productKinds = ['goods', 'service', 'material'] as const;
export type ProductKind = (typeof productKinds)[number];
/**
 * `make_to_order`: what is not in stock when ordered is made for the order (a production order
 * pegged to its line). `booking`: a bookable service, whose supply is time on a resource: sold
 * only by booking it, never from stock.
 */
export const replenishments = ['stock', 'make_to_order', 'booking'] as const;
export type Replenishment = (typeof replenishments)[number];

/**
 * A sellable (or, for `material`, consumable) item. Prices are integer minor units plus an ISO
 * currency code; names and descriptions exist in English and Chinese.
 */
export const Product = defineEntity({
  name: 'Product',
  tableName: 'product',
  properties: {
    id: p.integer().primary().autoincrement(),
    sku: p.string().length(64).unique(),
    barcode: p.string().length(32).nullable().unique(),
    name: p.string().length(200),
    nameZh: p.string().length(200).nullable(),
    description: p.text().nullable(),
    descriptionZh: p.text().nullable(),
    priceMinor: p.bigint('number'),
    currency: p.string().length(3),
    weightGrams: p.integer().default(0),
    kind: p.enum(productKinds).default('goods'),
    active: p.boolean().default(true),
    category: p.string().length(100).nullable().index(),
    /** Other names shoppers use for it, comma-separated, in either language (`dragon well, 龙井茶`): the chat's search finds it by them. */
    aliases: p.string().length(500).nullable(),
    /** Pinyin of its Chinese name and aliases, kept by the ORM on every write (see `searchKeys`), for the chat's search. */
    searchKeys: p.text().nullable()
      .onCreate((product: { nameZh?: string | null; aliases?: string | null }) => searchKeys(product.nameZh, product.aliases))
      .onUpdate((product: { nameZh?: string | null; aliases?: string | null }) => searchKeys(product.nameZh, product.aliases)),
    /** Sold beyond stock: the units short wait as backorders, reserved first come first served as stock arrives. */
    allowBackorder: p.boolean().default(false),
    /** When backordered units are expected (business date, `YYYY-MM-DD`), told to the customer. */
    backorderExpectedAt: p.date().nullable(),
    replenishment: p.enum(replenishments).default('stock'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  checks: [
    { name: 'product_price_non_negative', expression: 'price_minor >= 0' },
    { name: 'product_weight_non_negative', expression: 'weight_grams >= 0' },
  ],
});

export type Product = InferEntity<typeof Product>;
