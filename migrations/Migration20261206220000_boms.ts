import { Migration } from '@mikro-orm/migrations';

/** Bills of materials (issue 22): versioned, one active per product, immutable once active. */
export class Migration20261206220000_boms extends Migration {

  override name = 'Migration20261206220000_boms';

  override up(): void | Promise<void> {
    this.addSql(`create table "bom" ("id" serial primary key, "product_id" int not null, "version" int not null, "status" text check ("status" in ('draft', 'active', 'archived')) not null default 'draft', "kind" text check ("kind" in ('make', 'kit')) not null default 'make', "output_quantity" int not null, "produce_days" int not null default 0, "created_by" varchar(100) not null, "activated_at" timestamptz null, "created_at" timestamptz not null, constraint bom_quantities check (output_quantity > 0 and produce_days >= 0 and version > 0));`);
    this.addSql(`alter table "bom" add constraint "bom_product_version_unique" unique ("product_id", "version");`);
    this.addSql(`alter table "bom" add constraint "bom_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`create unique index "bom_one_active_index" on "bom" ("product_id") where status = 'active';`);
    this.addSql(`create table "bom_line" ("id" serial primary key, "bom_id" int not null, "component_id" int not null, "quantity" int not null, "scrap_basis_points" int not null default 0, "sequence" int not null default 0, constraint bom_line_quantities check (quantity > 0 and scrap_basis_points >= 0 and scrap_basis_points <= 5000));`);
    this.addSql(`alter table "bom_line" add constraint "bom_line_component_unique" unique ("bom_id", "component_id");`);
    this.addSql(`alter table "bom_line" add constraint "bom_line_bom_id_foreign" foreign key ("bom_id") references "bom" ("id") on delete cascade;`);
    this.addSql(`alter table "bom_line" add constraint "bom_line_component_id_foreign" foreign key ("component_id") references "product" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "bom_line" cascade;`);
    this.addSql(`drop table if exists "bom" cascade;`);
  }

}
