import { Migration } from '@mikro-orm/migrations';

/** Pick lists with scans, bin locations, carriers with services, shipments and tracking events. */
export class Migration20261122022424_fulfilment_logistics extends Migration {

  override name = 'Migration20261122022424_fulfilment_logistics';

  override up(): void | Promise<void> {
    this.addSql(`create sequence "pick_list_number_seq" start with 1 increment by 1 no cycle;`);
    this.addSql(`create table "carrier" ("id" serial primary key, "code" varchar(32) not null, "name" varchar(100) not null, "name_zh" varchar(100) null, "on_time_rate" double precision not null default 0.95, "webhook_secret" varchar(200) null, "active" boolean not null default true);`);
    this.addSql(`alter table "carrier" add constraint "carrier_code_unique" unique ("code");`);

    this.addSql(`create table "carrier_service" ("id" serial primary key, "carrier_id" int not null, "code" varchar(32) not null, "name" varchar(100) not null, "name_zh" varchar(100) null, "transit_days" int not null, "cutoff_hour" int not null default 17, "supports_cod" boolean not null default false, "cod_fee_minor" int not null default 0, "currency" varchar(3) not null default 'CNY', "regions" jsonb not null, "weight_bands" jsonb not null, "active" boolean not null default true);`);
    this.addSql(`alter table "carrier_service" add constraint "carrier_service_code_unique" unique ("carrier_id", "code");`);

    this.addSql(`create table "shipment" ("id" serial primary key, "order_id" int not null, "service_id" int not null, "tracking_number" varchar(64) not null, "status" text not null default 'label_created', "weight_grams" int not null, "price_minor" int not null, "currency" varchar(3) not null, "choice_reason" text not null, "choice_reason_zh" text not null, "label" jsonb not null, "estimated_delivery" varchar(10) not null, "created_at" timestamptz not null, "delivered_at" timestamptz null);`);
    this.addSql(`create index "shipment_open_index" on "shipment" ("status");`);
    this.addSql(`alter table "shipment" add constraint "shipment_tracking_unique" unique ("service_id", "tracking_number");`);

    this.addSql(`create table "shipment_event" ("id" bigserial primary key, "shipment_id" int not null, "external_id" varchar(100) not null, "status" text not null, "description" text null, "occurred_at" timestamptz not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "shipment_event" add constraint "shipment_event_external_unique" unique ("shipment_id", "external_id");`);

    this.addSql(`create table "pick_list" ("id" serial primary key, "number" varchar(20) not null, "warehouse_id" int not null, "status" text not null default 'open', "token_hash" varchar(64) not null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "completed_at" timestamptz null);`);
    this.addSql(`alter table "pick_list" add constraint "pick_list_number_unique" unique ("number");`);

    this.addSql(`create table "pick_list_line" ("id" serial primary key, "pick_list_id" int not null, "order_id" int not null, "order_line_id" int not null, "sku" varchar(64) not null, "name" varchar(200) not null, "barcode" varchar(32) null, "bin" varchar(32) null, "quantity" int not null, "scanned" int not null default 0);`);
    this.addSql(`alter table "pick_list_line" add constraint "pick_list_line_order_line_id_unique" unique ("order_line_id");`);

    this.addSql(`alter table "stock_level" add "bin" varchar(32) null;`);

    this.addSql(`alter table "carrier_service" add constraint "carrier_service_carrier_id_foreign" foreign key ("carrier_id") references "carrier" ("id");`);

    this.addSql(`alter table "shipment" add constraint "shipment_order_id_foreign" foreign key ("order_id") references "order" ("id");`);
    this.addSql(`alter table "shipment" add constraint "shipment_service_id_foreign" foreign key ("service_id") references "carrier_service" ("id");`);
    this.addSql(`alter table "shipment" add constraint "shipment_status_check" check ("status" in ('label_created', 'in_transit', 'out_for_delivery', 'delivered', 'failed'));`);

    this.addSql(`alter table "shipment_event" add constraint "shipment_event_shipment_id_foreign" foreign key ("shipment_id") references "shipment" ("id");`);
    this.addSql(`alter table "shipment_event" add constraint "shipment_event_status_check" check ("status" in ('label_created', 'in_transit', 'out_for_delivery', 'delivered', 'failed'));`);

    this.addSql(`alter table "pick_list" add constraint "pick_list_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "pick_list" add constraint "pick_list_status_check" check ("status" in ('open', 'completed'));`);

    this.addSql(`alter table "pick_list_line" add constraint "pick_list_line_pick_list_id_foreign" foreign key ("pick_list_id") references "pick_list" ("id");`);
    this.addSql(`alter table "pick_list_line" add constraint "pick_list_line_order_id_foreign" foreign key ("order_id") references "order" ("id");`);
    this.addSql(`alter table "pick_list_line" add constraint "pick_list_line_order_line_id_foreign" foreign key ("order_line_id") references "order_line" ("id");`);
    this.addSql(`alter table "pick_list_line" add constraint "pick_list_line_scanned_range" check (scanned >= 0 and scanned <= quantity);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "pick_list_number_seq";`);
    this.addSql(`alter table "carrier_service" drop constraint "carrier_service_carrier_id_foreign";`);
    this.addSql(`alter table "shipment" drop constraint "shipment_service_id_foreign";`);
    this.addSql(`alter table "shipment_event" drop constraint "shipment_event_shipment_id_foreign";`);
    this.addSql(`alter table "pick_list_line" drop constraint "pick_list_line_pick_list_id_foreign";`);

    this.addSql(`drop table if exists "carrier" cascade;`);
    this.addSql(`drop table if exists "carrier_service" cascade;`);
    this.addSql(`drop table if exists "shipment" cascade;`);
    this.addSql(`drop table if exists "shipment_event" cascade;`);
    this.addSql(`drop table if exists "pick_list" cascade;`);
    this.addSql(`drop table if exists "pick_list_line" cascade;`);

    this.addSql(`alter table "stock_level" drop column "bin";`);
  }

}
