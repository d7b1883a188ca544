import { Migration } from '@mikro-orm/migrations';

/** Quotes to company buyers: frozen prices, a validity, accepted once into an order. */
export class Migration20261206210000_quotes extends Migration {

  override name = 'Migration20261206210000_quotes';

  override up(): void | Promise<void> {
    this.addSql(`create sequence "quote_number_seq" start with 1 increment by 1 no cycle;`);
    this.addSql(`create table "quote" ("id" serial primary key, "number" varchar(20) not null, "account_id" int not null, "member_id" int not null, "status" text check ("status" in ('draft', 'sent', 'accepted', 'rejected', 'expired', 'cancelled')) not null default 'draft', "valid_until" timestamptz null, "currency" varchar(3) not null, "subtotal_minor" bigint not null, "shipping_minor" bigint not null, "total_minor" bigint not null, "shipping_address" jsonb null, "payment_method" text check ("payment_method" in ('cash_on_delivery', 'bank_transfer', 'card', 'online')) not null, "notes" text null, "order_id" int null, "created_by" varchar(100) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint quote_amounts check (subtotal_minor >= 0 and shipping_minor >= 0 and total_minor = subtotal_minor + shipping_minor));`);
    this.addSql(`alter table "quote" add constraint "quote_number_unique" unique ("number");`);
    this.addSql(`alter table "quote" add constraint "quote_account_id_foreign" foreign key ("account_id") references "customer_account" ("id");`);
    this.addSql(`alter table "quote" add constraint "quote_member_id_foreign" foreign key ("member_id") references "account_member" ("id");`);
    this.addSql(`alter table "quote" add constraint "quote_order_id_foreign" foreign key ("order_id") references "order" ("id") on delete set null;`);
    this.addSql(`create table "quote_line" ("id" serial primary key, "quote_id" int not null, "product_id" int not null, "sku" varchar(64) not null, "name" varchar(200) not null, "quantity" int not null, "unit_price_minor" bigint not null, "line_total_minor" bigint not null, "price_set_by_staff" boolean not null default false, constraint quote_line_amounts check (quantity > 0 and unit_price_minor >= 0 and line_total_minor = quantity * unit_price_minor));`);
    this.addSql(`alter table "quote_line" add constraint "quote_line_quote_id_foreign" foreign key ("quote_id") references "quote" ("id") on delete cascade;`);
    this.addSql(`alter table "quote_line" add constraint "quote_line_product_id_foreign" foreign key ("product_id") references "product" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "quote_line" cascade;`);
    this.addSql(`drop table if exists "quote" cascade;`);
    this.addSql(`drop sequence if exists "quote_number_seq";`);
  }

}
