import { Migration } from '@mikro-orm/migrations';

export class Migration20261122005352_init extends Migration {

  override name = 'Migration20261122005352_init';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_key" ("id" serial primary key, "name" varchar(100) not null, "prefix" varchar(16) not null, "hash" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "api_key" add constraint "api_key_hash_unique" unique ("hash");`);

    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "entity_type" varchar(32) not null, "entity_id" varchar(64) not null, "action" varchar(64) not null, "actor_type" text not null, "actor_id" varchar(100) null, "before" jsonb null, "after" jsonb null, "created_at" timestamptz not null);`);
    this.addSql(`create index "audit_entry_entity_index" on "audit_entry" ("entity_type", "entity_id");`);

    this.addSql(`create table "customer" ("id" serial primary key, "name" varchar(200) not null, "phone" varchar(40) null, "email" varchar(200) null, "locale" text not null default 'zh-CN', "created_at" timestamptz not null);`);

    this.addSql(`create table "customer_address" ("id" serial primary key, "customer_id" int not null, "line1" varchar(300) not null, "city" varchar(100) not null, "region" varchar(100) null, "postal_code" varchar(20) null, "country" varchar(2) not null, "last_used_at" timestamptz not null);`);

    this.addSql(`create table "customer_identity" ("id" serial primary key, "customer_id" int not null, "channel" text not null, "external_id" varchar(200) not null, "unreachable_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "customer_identity" add constraint "customer_identity_channel_external_unique" unique ("channel", "external_id");`);

    this.addSql(`create table "idempotency_record" ("scope" varchar(100) not null, "key" varchar(200) not null, "request_hash" varchar(64) not null, "response" text null, "created_at" timestamptz not null, primary key ("scope", "key"));`);
    this.addSql(`create index "idempotency_record_created_at_index" on "idempotency_record" ("created_at");`);

    this.addSql(`create table "order" ("id" serial primary key, "number" varchar(32) not null, "customer_id" int not null, "status" text not null, "channel" text not null, "subtotal_minor" int not null, "shipping_minor" int not null, "total_minor" int not null, "currency" varchar(3) not null, "shipping_address" jsonb null, "contact" jsonb not null, "payment_method" text not null, "payment_status" text not null default 'unpaid', "notes" text null, "flags" jsonb not null, "approval_reasons" jsonb not null, "lines_fingerprint" varchar(64) not null, "status_reason" text null, "placed_at" timestamptz not null, "promised_at" timestamptz null, "updated_at" timestamptz not null, "version" int not null default 1);`);
    this.addSql(`alter table "order" add constraint "order_number_unique" unique ("number");`);
    this.addSql(`create index "order_customer_placed_index" on "order" ("customer_id", "placed_at");`);
    this.addSql(`create index "order_status_index" on "order" ("status", "id");`);
    this.addSql(`create index "order_placed_at_index" on "order" ("placed_at");`);

    this.addSql(`create table "outbox_event" ("id" bigserial primary key, "topic" varchar(64) not null, "aggregate_type" varchar(32) not null, "aggregate_id" varchar(64) not null, "payload" jsonb not null, "created_at" timestamptz not null, "dispatched_at" timestamptz null);`);
    this.addSql(`create index "outbox_event_undispatched_index" on "outbox_event" ("id") where "dispatched_at" is null;`);

    this.addSql(`create table "product" ("id" serial primary key, "sku" varchar(64) not null, "barcode" varchar(32) null, "name" varchar(200) not null, "name_zh" varchar(200) null, "description" text null, "description_zh" text null, "price_minor" int not null, "currency" varchar(3) not null, "weight_grams" int not null default 0, "kind" text not null default 'goods', "active" boolean not null default true, "category" varchar(100) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "product" add constraint "product_sku_unique" unique ("sku");`);
    this.addSql(`alter table "product" add constraint "product_barcode_unique" unique ("barcode");`);
    this.addSql(`create index "product_category_index" on "product" ("category");`);

    this.addSql(`create table "warehouse" ("id" serial primary key, "code" varchar(32) not null, "name" varchar(200) not null, "name_zh" varchar(200) null, "is_default" boolean not null default false, "latitude" double precision null, "longitude" double precision null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "warehouse" add constraint "warehouse_code_unique" unique ("code");`);
    this.addSql(`create unique index "warehouse_single_default" on "warehouse" ("is_default") where "is_default" = true;`);

    this.addSql(`create table "stock_movement" ("id" bigserial primary key, "warehouse_id" int not null, "product_id" int not null, "kind" text not null, "on_hand_delta" int not null default 0, "reserved_delta" int not null default 0, "reference" varchar(100) not null, "actor_type" text not null, "actor_id" varchar(100) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "stock_movement_reference_index" on "stock_movement" ("reference");`);
    this.addSql(`create index "stock_movement_stock_index" on "stock_movement" ("warehouse_id", "product_id");`);

    this.addSql(`create table "stock_level" ("id" serial primary key, "warehouse_id" int not null, "product_id" int not null, "on_hand" int not null default 0, "reserved" int not null default 0, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "stock_level" add constraint "stock_level_warehouse_product_unique" unique ("warehouse_id", "product_id");`);

    this.addSql(`create table "order_line" ("id" serial primary key, "order_id" int not null, "product_id" int not null, "warehouse_id" int not null, "sku" varchar(64) not null, "name" varchar(200) not null, "quantity" int not null, "unit_price_minor" int not null, "line_total_minor" int not null);`);
    this.addSql(`create index "order_line_order_index" on "order_line" ("order_id");`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_type_check" check ("actor_type" in ('customer', 'staff', 'api_key', 'system'));`);

    this.addSql(`alter table "customer" add constraint "customer_locale_check" check ("locale" in ('zh-CN', 'en'));`);

    this.addSql(`alter table "customer_address" add constraint "customer_address_customer_id_foreign" foreign key ("customer_id") references "customer" ("id");`);

    this.addSql(`alter table "customer_identity" add constraint "customer_identity_customer_id_foreign" foreign key ("customer_id") references "customer" ("id");`);
    this.addSql(`alter table "customer_identity" add constraint "customer_identity_channel_check" check ("channel" in ('telegram', 'webchat', 'phone', 'email', 'api', 'slack'));`);

    this.addSql(`alter table "order" add constraint "order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id");`);
    this.addSql(`alter table "order" add constraint "order_amounts_non_negative" check (subtotal_minor >= 0 and shipping_minor >= 0 and total_minor = subtotal_minor + shipping_minor);`);
    this.addSql(`alter table "order" add constraint "order_status_check" check ("status" in ('pending_approval', 'confirmed', 'rejected', 'picking', 'packed', 'shipped', 'delivered', 'delivery_failed', 'completed', 'cancelled', 'return_requested', 'returned'));`);
    this.addSql(`alter table "order" add constraint "order_channel_check" check ("channel" in ('telegram', 'webchat', 'slack', 'api', 'phone', 'email', 'in_store'));`);
    this.addSql(`alter table "order" add constraint "order_payment_method_check" check ("payment_method" in ('cash_on_delivery', 'bank_transfer', 'card', 'online'));`);
    this.addSql(`alter table "order" add constraint "order_payment_status_check" check ("payment_status" in ('unpaid', 'paid', 'refunded'));`);

    this.addSql(`alter table "product" add constraint "product_price_non_negative" check (price_minor >= 0);`);
    this.addSql(`alter table "product" add constraint "product_weight_non_negative" check (weight_grams >= 0);`);
    this.addSql(`alter table "product" add constraint "product_kind_check" check ("kind" in ('goods', 'service', 'material'));`);

    this.addSql(`alter table "stock_movement" add constraint "stock_movement_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_kind_check" check ("kind" in ('receipt', 'reservation', 'release', 'shipment', 'adjustment', 'transfer'));`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_actor_type_check" check ("actor_type" in ('customer', 'staff', 'api_key', 'system'));`);

    this.addSql(`alter table "stock_level" add constraint "stock_level_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "stock_level" add constraint "stock_level_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`alter table "stock_level" add constraint "stock_level_reserved_within_on_hand" check (reserved >= 0 and reserved <= on_hand);`);

    this.addSql(`alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "order" ("id");`);
    this.addSql(`alter table "order_line" add constraint "order_line_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`alter table "order_line" add constraint "order_line_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "order_line" add constraint "order_line_quantity_positive" check (quantity > 0 and line_total_minor = quantity * unit_price_minor);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "customer_address" drop constraint "customer_address_customer_id_foreign";`);
    this.addSql(`alter table "customer_identity" drop constraint "customer_identity_customer_id_foreign";`);
    this.addSql(`alter table "order" drop constraint "order_customer_id_foreign";`);
    this.addSql(`alter table "order_line" drop constraint "order_line_order_id_foreign";`);
    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_product_id_foreign";`);
    this.addSql(`alter table "stock_level" drop constraint "stock_level_product_id_foreign";`);
    this.addSql(`alter table "order_line" drop constraint "order_line_product_id_foreign";`);
    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_warehouse_id_foreign";`);
    this.addSql(`alter table "stock_level" drop constraint "stock_level_warehouse_id_foreign";`);
    this.addSql(`alter table "order_line" drop constraint "order_line_warehouse_id_foreign";`);

    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop table if exists "audit_entry" cascade;`);
    this.addSql(`drop table if exists "customer" cascade;`);
    this.addSql(`drop table if exists "customer_address" cascade;`);
    this.addSql(`drop table if exists "customer_identity" cascade;`);
    this.addSql(`drop table if exists "idempotency_record" cascade;`);
    this.addSql(`drop table if exists "order" cascade;`);
    this.addSql(`drop table if exists "outbox_event" cascade;`);
    this.addSql(`drop table if exists "product" cascade;`);
    this.addSql(`drop table if exists "warehouse" cascade;`);
    this.addSql(`drop table if exists "stock_movement" cascade;`);
    this.addSql(`drop table if exists "stock_level" cascade;`);
    this.addSql(`drop table if exists "order_line" cascade;`);
  }

}
