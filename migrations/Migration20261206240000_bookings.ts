import { Migration } from '@mikro-orm/migrations';
import { replaceInCheck } from './functions/check-constraint.ts';

const rolesBefore = ['agent', 'supervisor', 'manager', 'finance', 'credit', 'production', 'admin'];
const rolesAfter = ['agent', 'supervisor', 'manager', 'finance', 'credit', 'production', 'front_desk', 'admin'];

/**
 * Bookings (issue 23): bookable services, resources with working hours and exceptions, bookings
 * and the time they take. `btree_gist` (a trusted extension) lets one exclusion constraint refuse
 * overlapping active time of one resource, whatever writes it. The `front_desk` staff role.
 */
export class Migration20261206240000_bookings extends Migration {

  override name = 'Migration20261206240000_bookings';

  override up(): void | Promise<void> {
    this.addSql(`create extension if not exists btree_gist;`);
    this.addSql(`create sequence if not exists "booking_number_seq";`);
    this.addSql(`create table "service_definition" ("id" serial primary key, "product_id" int not null, "duration_minutes" int not null, "buffer_before_minutes" int not null default 0, "buffer_after_minutes" int not null default 0, "slot_interval_minutes" int not null default 15, "min_notice_minutes" int not null default 60, "max_advance_days" int not null default 60, "cancel_notice_minutes" int not null default 1440, "reschedule_notice_minutes" int not null default 1440, "no_show_grace_minutes" int not null default 15, constraint service_definition_minutes check (duration_minutes > 0 and buffer_before_minutes >= 0 and buffer_after_minutes >= 0 and slot_interval_minutes > 0 and min_notice_minutes >= 0 and max_advance_days > 0 and cancel_notice_minutes >= 0 and reschedule_notice_minutes >= 0 and no_show_grace_minutes >= 0));`);
    this.addSql(`alter table "service_definition" add constraint "service_definition_product_unique" unique ("product_id");`);
    this.addSql(`alter table "service_definition" add constraint "service_definition_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`create table "bookable_resource" ("id" serial primary key, "code" varchar(32) not null, "name" varchar(200) not null, "kind" text check ("kind" in ('staff', 'room', 'equipment')) not null default 'staff', "time_zone" varchar(64) not null, "active" boolean not null default true);`);
    this.addSql(`alter table "bookable_resource" add constraint "bookable_resource_code_unique" unique ("code");`);
    this.addSql(`create table "resource_service" ("bookable_resource_id" int not null, "service_definition_id" int not null, constraint "resource_service_pkey" primary key ("bookable_resource_id", "service_definition_id"));`);
    this.addSql(`alter table "resource_service" add constraint "resource_service_bookable_resource_id_foreign" foreign key ("bookable_resource_id") references "bookable_resource" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "resource_service" add constraint "resource_service_service_definition_id_foreign" foreign key ("service_definition_id") references "service_definition" ("id") on update cascade on delete cascade;`);
    this.addSql(`create table "working_hours" ("id" serial primary key, "resource_id" int not null, "weekday" int not null, "start_minute" int not null, "end_minute" int not null, constraint working_hours_range check (weekday >= 0 and weekday <= 6 and start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute));`);
    this.addSql(`alter table "working_hours" add constraint "working_hours_resource_id_foreign" foreign key ("resource_id") references "bookable_resource" ("id") on delete cascade;`);
    this.addSql(`create table "availability_exception" ("id" serial primary key, "resource_id" int not null, "local_date" date not null, "kind" text check ("kind" in ('open', 'closed')) not null, "start_minute" int null, "end_minute" int null, "reason" varchar(500) null, constraint availability_exception_range check ((start_minute is null and end_minute is null and kind = 'closed') or (start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute)));`);
    this.addSql(`alter table "availability_exception" add constraint "availability_exception_resource_id_foreign" foreign key ("resource_id") references "bookable_resource" ("id") on delete cascade;`);
    this.addSql(`create table "booking" ("id" serial primary key, "number" varchar(20) not null, "customer_id" int not null, "service_id" int not null, "resource_id" int not null, "start_at" timestamptz not null, "end_at" timestamptz not null, "status" text check ("status" in ('held', 'pending_confirmation', 'confirmed', 'checked_in', 'completed', 'cancelled', 'expired', 'no_show')) not null, "hold_expires_at" timestamptz null, "version" int not null default 1, "channel" varchar(20) not null, "cancel_reason" varchar(500) null, "created_at" timestamptz not null, constraint booking_range check (end_at > start_at));`);
    this.addSql(`alter table "booking" add constraint "booking_number_unique" unique ("number");`);
    this.addSql(`create index "booking_customer_index" on "booking" ("customer_id");`);
    this.addSql(`create index "booking_start_index" on "booking" ("start_at");`);
    this.addSql(`alter table "booking" add constraint "booking_customer_id_foreign" foreign key ("customer_id") references "customer" ("id");`);
    this.addSql(`alter table "booking" add constraint "booking_service_id_foreign" foreign key ("service_id") references "service_definition" ("id");`);
    this.addSql(`alter table "booking" add constraint "booking_resource_id_foreign" foreign key ("resource_id") references "bookable_resource" ("id");`);
    this.addSql(`create table "booking_resource" ("id" serial primary key, "booking_id" int not null, "resource_id" int not null, "blocked_range" tstzrange not null, "active" boolean not null default true);`);
    this.addSql(`create index "booking_resource_booking_index" on "booking_resource" ("booking_id");`);
    this.addSql(`alter table "booking_resource" add constraint "booking_resource_booking_id_foreign" foreign key ("booking_id") references "booking" ("id") on delete cascade;`);
    this.addSql(`alter table "booking_resource" add constraint "booking_resource_resource_id_foreign" foreign key ("resource_id") references "bookable_resource" ("id");`);
    this.addSql(`alter table "booking_resource" add constraint "booking_resource_no_overlap" exclude using gist ("resource_id" with =, "blocked_range" with &&) where (active);`);
    for (const sql of replaceInCheck('staff_member', 'role', rolesAfter)) this.addSql(sql);
  }

  override down(): void | Promise<void> {
    this.addSql(`update "staff_member" set "role" = 'agent' where "role" = 'front_desk';`);
    for (const sql of replaceInCheck('staff_member', 'role', rolesBefore)) this.addSql(sql);
    for (const table of ['booking_resource', 'booking', 'availability_exception', 'working_hours', 'resource_service', 'bookable_resource', 'service_definition']) this.addSql(`drop table if exists "${table}" cascade;`);
    this.addSql(`drop sequence if exists "booking_number_seq";`);
  }

}
