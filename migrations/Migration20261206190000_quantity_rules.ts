import { Migration } from '@mikro-orm/migrations';

/** Case-pack rules per product: at least a minimum, in steps of an increment, up to a maximum. */
export class Migration20261206190000_quantity_rules extends Migration {

  override name = 'Migration20261206190000_quantity_rules';

  override up(): void | Promise<void> {
    this.addSql(`create table "quantity_rule" ("id" serial primary key, "product_id" int not null, "minimum" int not null, "increment" int not null, "maximum" int null, constraint quantity_rule_consistent check (minimum >= 1 and increment >= 1 and increment <= minimum and minimum % increment = 0 and (maximum is null or (maximum >= minimum and maximum % increment = 0))));`);
    this.addSql(`alter table "quantity_rule" add constraint "quantity_rule_product_id_unique" unique ("product_id");`);
    this.addSql(`alter table "quantity_rule" add constraint "quantity_rule_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "quantity_rule" cascade;`);
  }

}
