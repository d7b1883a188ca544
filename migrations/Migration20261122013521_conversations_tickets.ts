import { Migration } from '@mikro-orm/migrations';

/** Chat conversations, processed-update dedupe and support tickets (with their number sequence). */
export class Migration20261122013521_conversations_tickets extends Migration {

  override name = 'Migration20261122013521_conversations_tickets';

  override up(): void | Promise<void> {
    this.addSql(`create sequence "ticket_number_seq" start with 1 increment by 1 no cycle;`);
    this.addSql(`create table "conversation" ("id" serial primary key, "channel" text not null, "chat_id" varchar(200) not null, "customer_id" int null, "locale" text not null, "state" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "conversation" add constraint "conversation_channel_chat_unique" unique ("channel", "chat_id");`);

    this.addSql(`create table "processed_update" ("id" bigserial primary key, "channel" varchar(20) not null, "update_key" varchar(200) not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "processed_update_created_index" on "processed_update" ("created_at");`);
    this.addSql(`alter table "processed_update" add constraint "processed_update_channel_key_unique" unique ("channel", "update_key");`);

    this.addSql(`create table "ticket" ("id" serial primary key, "number" varchar(20) not null, "customer_id" int not null, "kind" text not null, "status" text not null default 'open', "priority" text not null default 'normal', "order_number" varchar(32) null, "channel" varchar(20) not null, "description" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "ticket" add constraint "ticket_number_unique" unique ("number");`);
    this.addSql(`create index "ticket_status_index" on "ticket" ("status", "id");`);
    this.addSql(`create index "ticket_customer_index" on "ticket" ("customer_id", "created_at");`);

    this.addSql(`alter table "conversation" add constraint "conversation_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on delete set null;`);
    this.addSql(`alter table "conversation" add constraint "conversation_channel_check" check ("channel" in ('telegram', 'webchat'));`);
    this.addSql(`alter table "conversation" add constraint "conversation_locale_check" check ("locale" in ('zh-CN', 'en'));`);

    this.addSql(`alter table "ticket" add constraint "ticket_customer_id_foreign" foreign key ("customer_id") references "customer" ("id");`);
    this.addSql(`alter table "ticket" add constraint "ticket_kind_check" check ("kind" in ('inquiry', 'complaint', 'delivery_issue', 'return'));`);
    this.addSql(`alter table "ticket" add constraint "ticket_status_check" check ("status" in ('open', 'claimed', 'resolved', 'closed'));`);
    this.addSql(`alter table "ticket" add constraint "ticket_priority_check" check ("priority" in ('low', 'normal', 'high', 'urgent'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "ticket_number_seq";`);
    this.addSql(`drop table if exists "conversation" cascade;`);
    this.addSql(`drop table if exists "processed_update" cascade;`);
    this.addSql(`drop table if exists "ticket" cascade;`);
  }

}
