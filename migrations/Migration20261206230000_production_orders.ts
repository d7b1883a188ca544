import { Migration } from '@mikro-orm/migrations';
import { replaceInCheck } from './functions/check-constraint.ts';

const kindsBefore = ['receipt', 'reservation', 'release', 'shipment', 'adjustment', 'transfer'];
const kindsAfter = [...kindsBefore, 'production_consume', 'production_output', 'scrap'];
const rolesBefore = ['agent', 'supervisor', 'manager', 'finance', 'credit', 'admin'];
const rolesAfter = ['agent', 'supervisor', 'manager', 'finance', 'credit', 'production', 'admin'];

/**
 * Production orders (issue 22): the MO, its components (snapshot and reservations taken at
 * release), its output reports (one per key); the ledger's new kinds `production_consume`,
 * `production_output` and `scrap`; the `production` staff role.
 */
export class Migration20261206230000_production_orders extends Migration {

  override name = 'Migration20261206230000_production_orders';

  override up(): void | Promise<void> {
    this.addSql(`create sequence if not exists "production_order_number_seq";`);
    this.addSql(`create table "production_order" ("id" serial primary key, "number" varchar(30) not null, "product_id" int not null, "bom_id" int not null, "bom_version" int not null, "bom_snapshot" jsonb null, "warehouse_id" int not null, "quantity_planned" int not null, "quantity_good" int not null default 0, "quantity_scrapped" int not null default 0, "status" text check ("status" in ('draft', 'released', 'in_progress', 'done', 'cancelled')) not null default 'draft', "origin" text check ("origin" in ('manual', 'mrp', 'order')) not null default 'manual', "due_at" timestamptz null, "start_by" timestamptz null, "consumption_policy" text check ("consumption_policy" in ('strict', 'flexible')) not null default 'strict', "close_reason" varchar(500) null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "released_at" timestamptz null, "finished_at" timestamptz null, "version" int not null default 1, constraint production_order_quantities check (quantity_planned > 0 and quantity_good >= 0 and quantity_scrapped >= 0 and quantity_good + quantity_scrapped <= quantity_planned));`);
    this.addSql(`alter table "production_order" add constraint "production_order_number_unique" unique ("number");`);
    this.addSql(`create index "production_order_status_index" on "production_order" ("status");`);
    this.addSql(`alter table "production_order" add constraint "production_order_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`alter table "production_order" add constraint "production_order_bom_id_foreign" foreign key ("bom_id") references "bom" ("id");`);
    this.addSql(`alter table "production_order" add constraint "production_order_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);

    this.addSql(`create table "production_component" ("id" serial primary key, "production_order_id" int not null, "product_id" int not null, "sku" varchar(64) not null, "quantity_required" int not null, "quantity_reserved" int not null, "quantity_consumed" int not null default 0, constraint production_component_quantities check (quantity_consumed >= 0 and quantity_reserved >= 0 and quantity_reserved <= quantity_required));`);
    this.addSql(`alter table "production_component" add constraint "production_component_unique" unique ("production_order_id", "product_id");`);
    this.addSql(`alter table "production_component" add constraint "production_component_production_order_id_foreign" foreign key ("production_order_id") references "production_order" ("id") on delete cascade;`);
    this.addSql(`alter table "production_component" add constraint "production_component_product_id_foreign" foreign key ("product_id") references "product" ("id");`);

    this.addSql(`create table "production_report" ("id" serial primary key, "production_order_id" int not null, "report_key" varchar(200) not null, "quantity_good" int not null, "quantity_scrapped" int not null, "consumption" jsonb not null, "reserved_for_order" int not null default 0, "actor" varchar(100) not null, "created_at" timestamptz not null, constraint production_report_quantities check (quantity_good >= 0 and quantity_scrapped >= 0 and quantity_good + quantity_scrapped > 0));`);
    this.addSql(`alter table "production_report" add constraint "production_report_report_key_unique" unique ("report_key");`);
    this.addSql(`alter table "production_report" add constraint "production_report_production_order_id_foreign" foreign key ("production_order_id") references "production_order" ("id") on delete cascade;`);

    for (const sql of [...replaceInCheck('stock_movement', 'kind', kindsAfter), ...replaceInCheck('staff_member', 'role', rolesAfter)]) this.addSql(sql);
  }

  override down(): void | Promise<void> {
    this.addSql(`update "staff_member" set "role" = 'manager' where "role" = 'production';`);
    for (const sql of replaceInCheck('staff_member', 'role', rolesBefore)) this.addSql(sql);
    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_kind_check";`);
    this.addSql(`update "stock_movement" set "kind" = 'adjustment' where "kind" in ('production_consume', 'production_output', 'scrap');`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_kind_check" check ("kind" in (${kindsBefore.map((kind) => `'${kind}'`).join(', ')}));`);
    this.addSql(`drop table if exists "production_report" cascade;`);
    this.addSql(`drop table if exists "production_component" cascade;`);
    this.addSql(`drop table if exists "production_order" cascade;`);
    this.addSql(`drop sequence if exists "production_order_number_seq";`);
  }

}
