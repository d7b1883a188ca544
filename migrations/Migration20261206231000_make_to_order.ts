import { Migration } from '@mikro-orm/migrations';

/**
 * Make-to-order (issue 22): a product's `replenishment` says whether units not in stock when
 * ordered are made for the order (a production order pegged to the order line).
 */
export class Migration20261206231000_make_to_order extends Migration {

  override name = 'Migration20261206231000_make_to_order';

  override up(): void | Promise<void> {
    this.addSql(`alter table "product" add column "replenishment" text check ("replenishment" in ('stock', 'make_to_order')) not null default 'stock';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "product" drop column "replenishment";`);
  }

}
