import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { searchKeys } from './search-keys.ts';

/**
 * A category's names as customers see them (a product's `category` is this code). A category
 * without a row shows its code.
 */
export const ProductCategory = defineEntity({
  name: 'ProductCategory',
  tableName: 'product_category',
  properties: {
    code: p.string().length(100).primary(),
    name: p.string().length(100),
    nameZh: p.string().length(100).nullable(),
    /** Pinyin of the Chinese name, kept on every write, for the chat's search. */
    searchKeys: p.text().nullable()
      .onCreate((category: { nameZh?: string | null }) => searchKeys(category.nameZh))
      .onUpdate((category: { nameZh?: string | null }) => searchKeys(category.nameZh)),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type ProductCategory = InferEntity<typeof ProductCategory>;
