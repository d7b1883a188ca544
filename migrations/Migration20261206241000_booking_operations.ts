import { Migration } from '@mikro-orm/migrations';
import { replaceInCheck } from './functions/check-constraint.ts';

const kindsBefore = ['receipt', 'reservation', 'release', 'shipment', 'adjustment', 'transfer', 'production_consume', 'production_output', 'scrap'];

/**
 * Bookings at the desk (issue 23): consumables per service and per booking (reserved at
 * confirmation, used at completion through the ledger as `service_consume`), the shortage
 * policy, no-shows and the limit from which staff confirm a customer's bookings.
 */
export class Migration20261206241000_booking_operations extends Migration {

  override name = 'Migration20261206241000_booking_operations';

  override up(): void | Promise<void> {
    this.addSql(`alter table "service_definition" add column "no_show_limit" int not null default 2, add column "consumable_shortage" text check ("consumable_shortage" in ('block', 'allow')) not null default 'block';`);
    this.addSql(`alter table "booking" add column "warehouse_id" int null, add column "supplies_short" boolean not null default false, add column "no_show_at" timestamptz null;`);
    this.addSql(`alter table "booking" add constraint "booking_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on delete set null;`);
    this.addSql(`create table "service_consumable" ("id" serial primary key, "service_id" int not null, "product_id" int not null, "quantity" int not null, constraint service_consumable_quantity_positive check (quantity > 0));`);
    this.addSql(`alter table "service_consumable" add constraint "service_consumable_unique" unique ("service_id", "product_id");`);
    this.addSql(`alter table "service_consumable" add constraint "service_consumable_service_id_foreign" foreign key ("service_id") references "service_definition" ("id") on delete cascade;`);
    this.addSql(`alter table "service_consumable" add constraint "service_consumable_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`create table "booking_consumable" ("id" serial primary key, "booking_id" int not null, "product_id" int not null, "sku" varchar(64) not null, "planned" int not null, "reserved" int not null, "consumed" int not null default 0, constraint booking_consumable_quantities check (planned > 0 and reserved >= 0 and reserved <= planned and consumed >= 0));`);
    this.addSql(`alter table "booking_consumable" add constraint "booking_consumable_unique" unique ("booking_id", "product_id");`);
    this.addSql(`alter table "booking_consumable" add constraint "booking_consumable_booking_id_foreign" foreign key ("booking_id") references "booking" ("id") on delete cascade;`);
    this.addSql(`alter table "booking_consumable" add constraint "booking_consumable_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    for (const sql of replaceInCheck('stock_movement', 'kind', [...kindsBefore, 'service_consume'])) this.addSql(sql);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_kind_check";`);
    this.addSql(`update "stock_movement" set "kind" = 'adjustment' where "kind" = 'service_consume';`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_kind_check" check ("kind" in (${kindsBefore.map((kind) => `'${kind}'`).join(', ')}));`);
    this.addSql(`drop table if exists "booking_consumable" cascade;`);
    this.addSql(`drop table if exists "service_consumable" cascade;`);
    this.addSql(`alter table "booking" drop constraint "booking_warehouse_id_foreign";`);
    this.addSql(`alter table "booking" drop column "warehouse_id", drop column "supplies_short", drop column "no_show_at";`);
    this.addSql(`alter table "service_definition" drop column "no_show_limit", drop column "consumable_shortage";`);
  }

}
