import { Migration } from '@mikro-orm/migrations';

/** Transfers, stock counts, reorder policies, suppliers and purchase orders, with their number sequences. */
export class Migration20261122020226_inventory_operations extends Migration {

  override name = 'Migration20261122020226_inventory_operations';

  override up(): void | Promise<void> {
    this.addSql(`create sequence "stock_transfer_number_seq" start with 1 increment by 1 no cycle;`);
    this.addSql(`create sequence "purchase_order_number_seq" start with 1 increment by 1 no cycle;`);
    this.addSql(`create table "supplier" ("id" serial primary key, "code" varchar(32) not null, "name" varchar(200) not null, "lead_time_days" int not null default 7, "email" varchar(200) null, "phone" varchar(40) null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "supplier" add constraint "supplier_code_unique" unique ("code");`);

    this.addSql(`create table "stock_transfer" ("id" serial primary key, "number" varchar(20) not null, "from_warehouse_id" int not null, "to_warehouse_id" int not null, "status" text not null default 'reserved', "lines" jsonb not null, "created_at" timestamptz not null, "shipped_at" timestamptz null, "received_at" timestamptz null);`);
    this.addSql(`alter table "stock_transfer" add constraint "stock_transfer_number_unique" unique ("number");`);
    this.addSql(`create index "stock_transfer_status_index" on "stock_transfer" ("status");`);

    this.addSql(`create table "stock_count" ("id" serial primary key, "warehouse_id" int not null, "status" text not null default 'open', "opened_by" varchar(100) not null, "approved_by" varchar(100) null, "created_at" timestamptz not null, "approved_at" timestamptz null);`);

    this.addSql(`create table "stock_count_line" ("id" serial primary key, "count_id" int not null, "product_id" int not null, "sku" varchar(64) not null, "expected" int not null, "counted" int null, "counted_by" varchar(100) null);`);
    this.addSql(`alter table "stock_count_line" add constraint "stock_count_line_product_unique" unique ("count_id", "product_id");`);

    this.addSql(`create table "reorder_policy" ("id" serial primary key, "warehouse_id" int not null, "product_id" int not null, "supplier_id" int null, "reorder_point" int not null, "safety_stock" int not null default 0, "reorder_quantity" int null, "abc_class" text not null default 'C', "alerted_at" timestamptz null);`);
    this.addSql(`alter table "reorder_policy" add constraint "reorder_policy_stock_unique" unique ("warehouse_id", "product_id");`);

    this.addSql(`create table "purchase_order" ("id" serial primary key, "number" varchar(20) not null, "supplier_id" int not null, "warehouse_id" int not null, "status" text not null default 'draft', "expected_at" timestamptz null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "sent_at" timestamptz null);`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_number_unique" unique ("number");`);
    this.addSql(`create index "purchase_order_status_index" on "purchase_order" ("status");`);

    this.addSql(`create table "purchase_order_line" ("id" serial primary key, "purchase_order_id" int not null, "product_id" int not null, "sku" varchar(64) not null, "quantity_ordered" int not null, "quantity_received" int not null default 0);`);
    this.addSql(`alter table "purchase_order_line" add constraint "purchase_order_line_product_unique" unique ("purchase_order_id", "product_id");`);

    this.addSql(`alter table "supplier" add constraint "supplier_lead_time_positive" check (lead_time_days > 0);`);

    this.addSql(`alter table "stock_transfer" add constraint "stock_transfer_from_warehouse_id_foreign" foreign key ("from_warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "stock_transfer" add constraint "stock_transfer_to_warehouse_id_foreign" foreign key ("to_warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "stock_transfer" add constraint "stock_transfer_status_check" check ("status" in ('reserved', 'in_transit', 'received', 'cancelled'));`);

    this.addSql(`alter table "stock_count" add constraint "stock_count_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "stock_count" add constraint "stock_count_status_check" check ("status" in ('open', 'approved', 'cancelled'));`);

    this.addSql(`alter table "stock_count_line" add constraint "stock_count_line_count_id_foreign" foreign key ("count_id") references "stock_count" ("id");`);
    this.addSql(`alter table "stock_count_line" add constraint "stock_count_line_product_id_foreign" foreign key ("product_id") references "product" ("id");`);

    this.addSql(`alter table "reorder_policy" add constraint "reorder_policy_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "reorder_policy" add constraint "reorder_policy_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`alter table "reorder_policy" add constraint "reorder_policy_quantities" check (reorder_point >= 0 and safety_stock >= 0 and (reorder_quantity is null or reorder_quantity > 0));`);
    this.addSql(`alter table "reorder_policy" add constraint "reorder_policy_abc_class_check" check ("abc_class" in ('A', 'B', 'C'));`);

    this.addSql(`alter table "purchase_order" add constraint "purchase_order_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id");`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id");`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_status_check" check ("status" in ('draft', 'sent', 'partially_received', 'received', 'cancelled'));`);

    this.addSql(`alter table "purchase_order_line" add constraint "purchase_order_line_purchase_order_id_foreign" foreign key ("purchase_order_id") references "purchase_order" ("id");`);
    this.addSql(`alter table "purchase_order_line" add constraint "purchase_order_line_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
    this.addSql(`alter table "purchase_order_line" add constraint "purchase_order_line_quantities" check (quantity_ordered > 0 and quantity_received >= 0 and quantity_received <= quantity_ordered);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "stock_transfer_number_seq";`);
    this.addSql(`drop sequence if exists "purchase_order_number_seq";`);
    this.addSql(`alter table "purchase_order" drop constraint "purchase_order_supplier_id_foreign";`);
    this.addSql(`alter table "stock_count_line" drop constraint "stock_count_line_count_id_foreign";`);
    this.addSql(`alter table "purchase_order_line" drop constraint "purchase_order_line_purchase_order_id_foreign";`);

    this.addSql(`drop table if exists "supplier" cascade;`);
    this.addSql(`drop table if exists "stock_transfer" cascade;`);
    this.addSql(`drop table if exists "stock_count" cascade;`);
    this.addSql(`drop table if exists "stock_count_line" cascade;`);
    this.addSql(`drop table if exists "reorder_policy" cascade;`);
    this.addSql(`drop table if exists "purchase_order" cascade;`);
    this.addSql(`drop table if exists "purchase_order_line" cascade;`);
  }

}
