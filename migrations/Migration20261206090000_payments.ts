import { Migration } from '@mikro-orm/migrations';

/**
 * The payment ledger: payments and refunds as rows (an order's payment status is derived from
 * them), the provider's checkout page of an order paid online, and the `finance` staff role.
 */
export class Migration20261206090000_payments extends Migration {

  override name = 'Migration20261206090000_payments';

  override up(): void | Promise<void> {
    this.addSql(`create table "payment" ("id" serial primary key, "order_id" int not null, "kind" text not null, "method" text not null, "state" text not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "provider" varchar(32) null, "reference" varchar(200) null, "idempotency_key" varchar(200) null, "note" text null, "recorded_by" varchar(100) not null, "created_at" timestamptz not null, "settled_at" timestamptz null);`);
    this.addSql(`alter table "payment" add constraint "payment_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "payment_order_index" on "payment" ("order_id");`);
    this.addSql(`alter table "payment" add constraint "payment_provider_reference_unique" unique ("kind", "provider", "reference");`);
    this.addSql(`alter table "payment" add constraint "payment_order_id_foreign" foreign key ("order_id") references "order" ("id");`);
    this.addSql(`alter table "payment" add constraint "payment_kind_check" check ("kind" in ('payment', 'refund'));`);
    this.addSql(`alter table "payment" add constraint "payment_method_check" check ("method" in ('cash_on_delivery', 'bank_transfer', 'card', 'online'));`);
    this.addSql(`alter table "payment" add constraint "payment_state_check" check ("state" in ('pending', 'collected', 'succeeded', 'owed', 'failed'));`);
    this.addSql(`alter table "payment" add constraint "payment_amount_positive" check (amount_minor > 0);`);

    this.addSql(`create table "payment_link" ("id" serial primary key, "order_id" int not null, "provider" varchar(32) not null, "session_id" varchar(200) not null, "url" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "reminded_at" timestamptz null);`);
    this.addSql(`alter table "payment_link" add constraint "payment_link_order_id_unique" unique ("order_id");`);
    this.addSql(`alter table "payment_link" add constraint "payment_link_order_id_foreign" foreign key ("order_id") references "order" ("id");`);

    this.addSql(`alter table "order" drop constraint "order_payment_status_check";`);
    this.addSql(`alter table "order" add constraint "order_payment_status_check" check ("payment_status" in ('unpaid', 'pending', 'partially_paid', 'paid', 'partially_refunded', 'refunded'));`);
    this.addSql(`alter table "staff_member" drop constraint "staff_member_role_check";`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_role_check" check ("role" in ('agent', 'manager', 'finance', 'admin'));`);
    // The expiry sweep looks for unpaid online orders.
    this.addSql(`create index "order_unpaid_online_index" on "order" ("placed_at") where payment_status in ('unpaid', 'pending') and payment_method in ('online', 'card') and status in ('pending_approval', 'confirmed');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "order_unpaid_online_index";`);
    this.addSql(`drop table if exists "payment_link" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`update "order" set payment_status = case when payment_status in ('paid', 'partially_refunded') then 'paid' when payment_status = 'refunded' then 'refunded' else 'unpaid' end;`);
    this.addSql(`alter table "order" drop constraint "order_payment_status_check";`);
    this.addSql(`alter table "order" add constraint "order_payment_status_check" check ("payment_status" in ('unpaid', 'paid', 'refunded'));`);
    this.addSql(`update "staff_member" set role = 'agent' where role = 'finance';`);
    this.addSql(`alter table "staff_member" drop constraint "staff_member_role_check";`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_role_check" check ("role" in ('agent', 'manager', 'admin'));`);
  }

}
