import { Migration } from '@mikro-orm/migrations';
import { searchKeys } from '../core/catalog/search-keys.ts';

/**
 * The chat finds products from free text (issue 26): `pg_trgm` for word similarity, a
 * product's aliases and the pinyin of its Chinese names (computed here for existing products,
 * by the ORM on every later write), and categories' names in English and Chinese.
 */
export class Migration20261206270000_catalog_search extends Migration {

  override name = 'Migration20261206270000_catalog_search';

  override async up(): Promise<void> {
    this.addSql('create extension if not exists pg_trgm;');
    this.addSql(`alter table "product" add column "aliases" varchar(500) null, add column "search_keys" text null;`);
    this.addSql(`create table "product_category" ("code" varchar(100) not null, "name" varchar(100) not null, "name_zh" varchar(100) null, "search_keys" text null, "updated_at" timestamptz not null, constraint "product_category_pkey" primary key ("code"));`);
    const products = await this.execute(`select id, name_zh from "product" where name_zh is not null`) as Array<{ id: number; name_zh: string }>;
    for (const product of products) {
      const keys = searchKeys(product.name_zh);
      this.addSql(`update "product" set "search_keys" = '${keys.replace(/'/g, "''")}' where "id" = ${Number(product.id)};`);
    }
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "product_category" cascade;`);
    this.addSql(`alter table "product" drop column "aliases", drop column "search_keys";`);
  }
}
