import { Migration } from '@mikro-orm/migrations';
import { replaceInCheck } from './functions/check-constraint.ts';

const roles = ['agent', 'supervisor', 'manager', 'finance', 'credit', 'production', 'front_desk', 'admin'];

/**
 * Own-fleet delivery (issue 24): a carrier can be the shop's own fleet (its parcels are booked
 * in-house and delivered by its drivers); vehicles with a capacity, a depot, working hours and a driver (staff
 * role `driver`, reached in Telegram); each day's routes per vehicle and their stops, one per
 * parcel, in visiting order.
 */
export class Migration20261206250000_own_fleet extends Migration {

  override name = 'Migration20261206250000_own_fleet';

  override up(): void | Promise<void> {
    this.addSql(`alter table "carrier" add column "own_fleet" boolean not null default false;`);
    for (const sql of replaceInCheck('staff_member', 'role', [...roles.slice(0, -1), 'driver', 'admin'])) this.addSql(sql);
    this.addSql(`create table "vehicle" ("id" serial primary key, "code" varchar(32) not null, "name" varchar(100) not null, "capacity_grams" int not null, "warehouse_id" int not null, "driver_id" int null, "shift_start_minute" int not null default 540, "shift_end_minute" int not null default 1080, "active" boolean not null default true, "created_at" timestamptz not null, constraint vehicle_capacity_positive check (capacity_grams > 0), constraint vehicle_shift check (shift_start_minute >= 0 and shift_end_minute <= 1440 and shift_end_minute > shift_start_minute));`);
    this.addSql(`alter table "vehicle" add constraint "vehicle_code_unique" unique ("code");`);
    this.addSql(`alter table "vehicle" add constraint "vehicle_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "vehicle" add constraint "vehicle_driver_id_foreign" foreign key ("driver_id") references "staff_member" ("id") on delete set null;`);
    this.addSql(`create table "delivery_route" ("id" serial primary key, "date" date not null, "vehicle_id" int not null, "driver_id" int null, "version" int not null default 1, "distance_km" double precision not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "delivery_route" add constraint "delivery_route_day_unique" unique ("date", "vehicle_id");`);
    this.addSql(`alter table "delivery_route" add constraint "delivery_route_vehicle_id_foreign" foreign key ("vehicle_id") references "vehicle" ("id");`);
    this.addSql(`alter table "delivery_route" add constraint "delivery_route_driver_id_foreign" foreign key ("driver_id") references "staff_member" ("id") on delete set null;`);
    this.addSql(`create table "route_stop" ("id" serial primary key, "route_id" int not null, "shipment_id" int not null, "sequence" int not null, "status" text check ("status" in ('pending', 'arrived', 'delivered', 'failed')) not null default 'pending', "done_at" timestamptz null, "reason" varchar(200) null);`);
    this.addSql(`create unique index "route_stop_open_unique" on "route_stop" ("shipment_id") where status in ('pending', 'arrived');`);
    this.addSql(`create index "route_stop_route_index" on "route_stop" ("route_id");`);
    this.addSql(`alter table "route_stop" add constraint "route_stop_route_id_foreign" foreign key ("route_id") references "delivery_route" ("id") on delete cascade;`);
    this.addSql(`alter table "route_stop" add constraint "route_stop_shipment_id_foreign" foreign key ("shipment_id") references "shipment" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "route_stop" cascade;`);
    this.addSql(`drop table if exists "delivery_route" cascade;`);
    this.addSql(`drop table if exists "vehicle" cascade;`);
    this.addSql(`update "staff_member" set "role" = 'agent' where "role" = 'driver';`);
    for (const sql of replaceInCheck('staff_member', 'role', roles)) this.addSql(sql);
    this.addSql(`alter table "carrier" drop column "own_fleet";`);
  }

}
