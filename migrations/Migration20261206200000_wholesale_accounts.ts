import { Migration } from '@mikro-orm/migrations';
import { reversed, rewriteFunction } from './functions/rewrite-function.ts';

const statusesBefore = `'pending_approval', 'confirmed', 'rejected', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'delivery_failed', 'completed', 'cancelled', 'return_requested', 'returned'`;
const statusesAfter = `'pending_approval', 'credit_hold', 'confirmed', 'rejected', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'delivery_failed', 'completed', 'cancelled', 'return_requested', 'returned'`;
const rolesBefore = `'agent', 'supervisor', 'manager', 'finance', 'admin'`;
const rolesAfter = `'agent', 'supervisor', 'manager', 'finance', 'credit', 'admin'`;

/**
 * `place_order` learns company accounts: it writes the order's account, member, payment terms,
 * due date and PO reference, and for an account on credit terms it raises the account's exposure
 * by the order's total with one conditional UPDATE (active, not overdue, within the limit). One
 * row: an `order_open` credit entry is written with the order. No row: the order is placed on
 * `credit_hold` (reason `credit_limit`, `overdue` or `account_on_hold`) and its event is
 * `order.credit_hold`. Concurrent orders of one account queue on the account row, so the limit
 * holds however many arrive at once.
 */
const intakeWithCredit: Array<[string, string]> = [
  [`  v_text text;
begin`, `  v_text text;
  v_status text := p#>>'{order,status}';
  v_topic text := p->>'topic';
  v_credit jsonb := nullif(p->'credit', 'null'::jsonb);
  v_hold text;
begin`],
  [`  insert into "order" (number, customer_id, status,`, `  if v_credit is not null then
    v_hold := nullif(v_credit->>'hold', '');
    if v_hold is null then
      update customer_account a set credit_exposure_minor = a.credit_exposure_minor + (v_credit->>'amountMinor')::bigint
       where a.id = (v_credit->>'accountId')::int and a.status = 'active'
         and a.credit_exposure_minor + (v_credit->>'amountMinor')::bigint <= a.credit_limit_minor;
      if not found then v_hold := 'credit_limit'; end if;
    end if;
    if v_hold is not null then
      v_status := 'credit_hold';
      v_topic := 'order.credit_hold';
    end if;
  end if;

  insert into "order" (number, customer_id, status,`],
  [`placed_at, promised_at, updated_at, version)
  select v_number, v_customer, o.status,`, `placed_at, promised_at, updated_at, version,
                       account_id, member_id, payment_terms, payment_due_at, customer_po_ref, status_reason)
  select v_number, v_customer, v_status,`],
  [`o.placed_at, o.promised_at, o.placed_at, 1
`, `o.placed_at, o.promised_at, o.placed_at, 1,
         o.account_id, o.member_id, o.payment_terms, o.payment_due_at, o.customer_po_ref, v_hold
`],
  [`placed_at timestamptz, promised_at timestamptz)
  returning id into v_order;`, `placed_at timestamptz, promised_at timestamptz, account_id int, member_id int, payment_terms text, payment_due_at timestamptz, customer_po_ref text)
  returning id into v_order;

  if v_credit is not null and v_hold is null then
    insert into credit_entry (account_id, order_id, kind, amount_minor, reference, actor_type, actor_id, created_at)
    values ((v_credit->>'accountId')::int, v_order, 'order_open', (v_credit->>'amountMinor')::bigint, v_number, p#>>'{actor,type}', p#>>'{actor,id}', now());
  end if;`],
  [`null, p->'audit', now());`, `null, p->'audit' || jsonb_build_object('status', v_status, 'creditHold', v_hold), now());`],
  [`values (p->>'topic', 'order', v_number, jsonb_build_object('orderNumber', v_number, 'customerId', v_customer) || (p->'event'), now());`,
    `values (v_topic, 'order', v_number, jsonb_build_object('orderNumber', v_number, 'customerId', v_customer) || (p->'event') || jsonb_build_object('status', v_status, 'creditHold', v_hold), now());`],
  [`v_response := (p->>'response')::jsonb;`, `v_response := (p->>'response')::jsonb || jsonb_build_object('status', v_status, 'statusReason', v_hold);`],
];

/**
 * Company accounts (members with roles and spending limits), price lists with quantity tiers and
 * a parent to fall back on, the credit ledger (exposure = the sum of an account's entries), and
 * the order's account, payment terms and due date; the `credit_hold` status and the `credit` role.
 */
export class Migration20261206200000_wholesale_accounts extends Migration {

  override name = 'Migration20261206200000_wholesale_accounts';

  override up(): void | Promise<void> {
    this.addSql(`create table "price_list" ("id" serial primary key, "code" varchar(32) not null, "name" varchar(200) not null, "currency" varchar(3) not null, "parent_id" int null, "created_at" timestamptz not null, constraint price_list_not_own_parent check (parent_id is null or parent_id <> id));`);
    this.addSql(`alter table "price_list" add constraint "price_list_code_unique" unique ("code");`);
    this.addSql(`alter table "price_list" add constraint "price_list_parent_id_foreign" foreign key ("parent_id") references "price_list" ("id") on delete set null;`);
    this.addSql(`create table "price_list_item" ("id" serial primary key, "price_list_id" int not null, "product_id" int null, "category" varchar(100) null, "min_quantity" int not null default 1, "unit_price_minor" bigint null, "discount_basis_points" int null, "valid_from" timestamptz not null, "valid_to" timestamptz null, constraint price_list_item_target check ((product_id is null) <> (category is null)), constraint price_list_item_price check ((unit_price_minor is null) <> (discount_basis_points is null) and min_quantity >= 1 and (unit_price_minor is null or unit_price_minor >= 0) and (discount_basis_points is null or (discount_basis_points >= 0 and discount_basis_points <= 10000)) and (valid_to is null or valid_to > valid_from)));`);
    this.addSql(`alter table "price_list_item" add constraint "price_list_item_price_list_id_foreign" foreign key ("price_list_id") references "price_list" ("id") on delete cascade;`);
    this.addSql(`alter table "price_list_item" add constraint "price_list_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete set null;`);
    this.addSql(`create unique index "price_list_item_unique" on "price_list_item" ("price_list_id", "product_id", "category", "min_quantity", "valid_from") nulls not distinct;`);

    this.addSql(`create table "customer_account" ("id" serial primary key, "code" varchar(32) not null, "name" varchar(200) not null, "status" text check ("status" in ('active', 'on_hold', 'closed')) not null default 'active', "price_list_id" int null, "payment_terms" text check ("payment_terms" in ('prepaid', 'net_7', 'net_15', 'net_30', 'net_60', 'due_on_fulfillment')) not null default 'prepaid', "credit_limit_minor" bigint null, "credit_exposure_minor" bigint not null default '0', "currency" varchar(3) not null, "backorder_policy" text check ("backorder_policy" in ('backorder', 'ship_complete', 'cancel_remainder')) not null default 'backorder', "credit_hold_days" int not null default 7, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint customer_account_credit_terms check (payment_terms = 'prepaid' or credit_limit_minor is not null), constraint customer_account_amounts check ((credit_limit_minor is null or credit_limit_minor >= 0) and credit_exposure_minor >= 0 and credit_hold_days >= 1));`);
    this.addSql(`alter table "customer_account" add constraint "customer_account_code_unique" unique ("code");`);
    this.addSql(`alter table "customer_account" add constraint "customer_account_price_list_id_foreign" foreign key ("price_list_id") references "price_list" ("id") on delete set null;`);
    this.addSql(`create table "account_member" ("id" serial primary key, "account_id" int not null, "customer_id" int not null, "role" text check ("role" in ('admin', 'buyer', 'viewer')) not null, "order_limit_minor" bigint null, "monthly_limit_minor" bigint null, "active" boolean not null default true, "created_at" timestamptz not null, constraint account_member_limits check ((order_limit_minor is null or order_limit_minor >= 0) and (monthly_limit_minor is null or monthly_limit_minor >= 0)));`);
    this.addSql(`alter table "account_member" add constraint "account_member_customer_id_unique" unique ("customer_id");`);
    this.addSql(`alter table "account_member" add constraint "account_member_account_id_foreign" foreign key ("account_id") references "customer_account" ("id");`);
    this.addSql(`alter table "account_member" add constraint "account_member_customer_id_foreign" foreign key ("customer_id") references "customer" ("id");`);

    this.addSql(`alter table "order" add column "account_id" int null, add column "member_id" int null, add column "payment_terms" text null check ("payment_terms" in ('prepaid', 'net_7', 'net_15', 'net_30', 'net_60', 'due_on_fulfillment')), add column "payment_due_at" timestamptz null, add column "customer_po_ref" varchar(100) null, add column "overdue_at" timestamptz null;`);
    this.addSql(`alter table "order" add constraint "order_account_id_foreign" foreign key ("account_id") references "customer_account" ("id") on delete set null;`);
    this.addSql(`alter table "order" add constraint "order_member_id_foreign" foreign key ("member_id") references "account_member" ("id") on delete set null;`);
    this.addSql(`create index "order_account_index" on "order" ("account_id", "placed_at") where account_id is not null;`);
    this.addSql(`create index "order_payment_due_index" on "order" ("payment_due_at") where payment_due_at is not null and overdue_at is null;`);
    this.addSql(`alter table "order" drop constraint "order_status_check";`);
    this.addSql(`alter table "order" add constraint "order_status_check" check ("status" in (${statusesAfter}));`);

    this.addSql(`create table "credit_entry" ("id" bigserial primary key, "account_id" int not null, "order_id" int null, "kind" text check ("kind" in ('order_open', 'order_closed', 'payment', 'adjustment', 'override')) not null, "amount_minor" bigint not null, "reference" varchar(200) not null, "actor_type" varchar(16) not null, "actor_id" varchar(100) null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "credit_entry" add constraint "credit_entry_kind_reference_unique" unique ("kind", "reference");`);
    this.addSql(`alter table "credit_entry" add constraint "credit_entry_account_id_foreign" foreign key ("account_id") references "customer_account" ("id");`);
    this.addSql(`create index "credit_entry_order_index" on "credit_entry" ("order_id");`);

    this.addSql(`alter table "api_key" add column "member_id" int null;`);
    this.addSql(`alter table "api_key" add constraint "api_key_member_id_foreign" foreign key ("member_id") references "account_member" ("id") on delete set null;`);
    this.addSql(`alter table "staff_member" drop constraint "staff_member_role_check";`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_role_check" check ("role" in (${rolesAfter}));`);
    this.addSql(rewriteFunction('place_order(jsonb)', intakeWithCredit));
  }

  override down(): void | Promise<void> {
    this.addSql(rewriteFunction('place_order(jsonb)', reversed(intakeWithCredit)));
    this.addSql(`update "staff_member" set "role" = 'finance' where "role" = 'credit';`);
    this.addSql(`alter table "staff_member" drop constraint "staff_member_role_check";`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_role_check" check ("role" in (${rolesBefore}));`);
    this.addSql(`alter table "api_key" drop column "member_id";`);
    this.addSql(`drop table if exists "credit_entry" cascade;`);
    this.addSql(`update "order" set "status" = 'cancelled' where "status" = 'credit_hold';`);
    this.addSql(`alter table "order" drop constraint "order_status_check";`);
    this.addSql(`alter table "order" add constraint "order_status_check" check ("status" in (${statusesBefore}));`);
    this.addSql(`alter table "order" drop column "account_id", drop column "member_id", drop column "payment_terms", drop column "payment_due_at", drop column "customer_po_ref", drop column "overdue_at";`);
    this.addSql(`drop table if exists "account_member" cascade;`);
    this.addSql(`drop table if exists "customer_account" cascade;`);
    this.addSql(`drop table if exists "price_list_item" cascade;`);
    this.addSql(`drop table if exists "price_list" cascade;`);
  }

}
