import { Migration } from '@mikro-orm/migrations';

/**
 * Material planning (issue 22): runs and their suggestions (buy / make, need and start dates,
 * late flag, pegging, status); a bought product's minimum order and multiple on its reorder policy.
 */
export class Migration20261206232000_mrp extends Migration {

  override name = 'Migration20261206232000_mrp';

  override up(): void | Promise<void> {
    this.addSql(`create table "mrp_run" ("id" serial primary key, "started_at" timestamptz not null, "finished_at" timestamptz not null, "horizon_days" int not null, "status" text check ("status" in ('finished')) not null default 'finished', "started_by" varchar(100) not null);`);
    this.addSql(`create table "mrp_suggestion" ("id" serial primary key, "run_id" int not null, "product_id" int not null, "warehouse_id" int not null, "action" text check ("action" in ('buy', 'make')) not null, "quantity" int not null, "need_by" timestamptz not null, "start_by" timestamptz not null, "supplier_id" int null, "bom_id" int null, "late" boolean not null, "pegging" jsonb not null, "status" text check ("status" in ('open', 'accepted', 'dismissed', 'superseded')) not null default 'open', "converted_to" varchar(30) null, "decided_by" varchar(100) null, "decided_at" timestamptz null, constraint mrp_suggestion_quantity_positive check (quantity > 0));`);
    this.addSql(`create index "mrp_suggestion_open_index" on "mrp_suggestion" ("run_id") where status = 'open';`);
    this.addSql(`alter table "mrp_suggestion" add constraint "mrp_suggestion_run_id_foreign" foreign key ("run_id") references "mrp_run" ("id");`);
    this.addSql(`alter table "mrp_suggestion" add constraint "mrp_suggestion_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`alter table "mrp_suggestion" add constraint "mrp_suggestion_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "mrp_suggestion" add constraint "mrp_suggestion_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on delete set null;`);
    this.addSql(`alter table "mrp_suggestion" add constraint "mrp_suggestion_bom_id_foreign" foreign key ("bom_id") references "bom" ("id") on delete set null;`);
    this.addSql(`alter table "reorder_policy" add column "min_order_quantity" int not null default 1, add column "order_multiple" int not null default 1;`);
    this.addSql(`alter table "reorder_policy" drop constraint "reorder_policy_quantities";`);
    this.addSql(`alter table "reorder_policy" add constraint "reorder_policy_quantities" check (reorder_point >= 0 and safety_stock >= 0 and (reorder_quantity is null or reorder_quantity > 0) and min_order_quantity > 0 and order_multiple > 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "reorder_policy" drop constraint "reorder_policy_quantities";`);
    this.addSql(`alter table "reorder_policy" drop column "min_order_quantity", drop column "order_multiple";`);
    this.addSql(`alter table "reorder_policy" add constraint "reorder_policy_quantities" check (reorder_point >= 0 and safety_stock >= 0 and (reorder_quantity is null or reorder_quantity > 0));`);
    this.addSql(`drop table if exists "mrp_suggestion" cascade;`);
    this.addSql(`drop table if exists "mrp_run" cascade;`);
  }

}
