import { Migration } from '@mikro-orm/migrations';

/**
 * Make-to-order (issue 22): a product's `replenishment` says whether units not in stock when
 * ordered are made for the order: a production order supplies the order line
 * (`order_line_supply`), its output reserved for the line as it is made.
 */
export class Migration20261206231000_make_to_order extends Migration {

  override name = 'Migration20261206231000_make_to_order';

  override up(): void | Promise<void> {
    this.addSql(`alter table "product" add column "replenishment" text check ("replenishment" in ('stock', 'make_to_order')) not null default 'stock';`);
    this.addSql(`create table "order_line_supply" ("id" serial primary key, "order_line_id" int not null, "production_order_id" int not null, "quantity" int not null, "created_at" timestamptz not null, constraint order_line_supply_quantity_positive check (quantity > 0));`);
    this.addSql(`create index "order_line_supply_line_index" on "order_line_supply" ("order_line_id");`);
    this.addSql(`alter table "order_line_supply" add constraint "order_line_supply_production_order_unique" unique ("production_order_id");`);
    this.addSql(`alter table "order_line_supply" add constraint "order_line_supply_order_line_id_foreign" foreign key ("order_line_id") references "order_line" ("id") on delete cascade;`);
    this.addSql(`alter table "order_line_supply" add constraint "order_line_supply_production_order_id_foreign" foreign key ("production_order_id") references "production_order" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "order_line_supply" cascade;`);
    this.addSql(`alter table "product" drop column "replenishment";`);
  }

}
