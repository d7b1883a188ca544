import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications and the web chat transcript. The outbox NOTIFY trigger moves from the
 * hand-written migration into the entity metadata, so later diffs leave it alone.
 */
export class Migration20261122012120_messaging extends Migration {

  override name = 'Migration20261122012120_messaging';

  override up(): void | Promise<void> {
    this.addSql(`create table "chat_message" ("id" bigserial primary key, "visitor_id" varchar(200) not null, "direction" text not null, "text" text not null, "buttons" jsonb null, "created_at" timestamptz not null);`);
    this.addSql(`create index "chat_message_visitor_index" on "chat_message" ("visitor_id", "id");`);

    this.addSql(`create table "notification" ("id" bigserial primary key, "event_id" bigint not null, "channel" text not null, "recipient" varchar(200) not null, "identity_id" int null, "kind" varchar(64) not null, "locale" text not null, "notice" jsonb not null, "status" text not null default 'pending', "attempts" int not null default 0, "last_error" text null, "external_id" varchar(100) null, "created_at" timestamptz not null, "sent_at" timestamptz null);`);
    this.addSql(`create index "notification_open_recipient_index" on "notification" ("channel", "recipient", "event_id") where "status" in ('pending', 'sending');`);
    this.addSql(`alter table "notification" add constraint "notification_event_recipient_unique" unique ("event_id", "channel", "recipient");`);

    this.addSql(`drop trigger if exists "outbox_event_notify_insert" on "outbox_event";`);
    this.addSql(`drop function if exists "outbox_event_notify"();`);
    this.addSql(`create or replace function "outbox_event_outbox_event_notify_insert_fn"() returns trigger as \$\$ begin perform pg_notify('outbox', new.id::text); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "outbox_event_notify_insert" AFTER INSERT on "outbox_event" for each ROW execute function "outbox_event_outbox_event_notify_insert_fn"();`);

    this.addSql(`alter table "chat_message" add constraint "chat_message_direction_check" check ("direction" in ('in', 'out'));`);

    this.addSql(`alter table "notification" add constraint "notification_identity_id_foreign" foreign key ("identity_id") references "customer_identity" ("id") on delete set null;`);
    this.addSql(`alter table "notification" add constraint "notification_channel_check" check ("channel" in ('telegram', 'webchat', 'slack'));`);
    this.addSql(`alter table "notification" add constraint "notification_locale_check" check ("locale" in ('zh-CN', 'en'));`);
    this.addSql(`alter table "notification" add constraint "notification_status_check" check ("status" in ('pending', 'sending', 'sent', 'failed', 'skipped', 'uncertain'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "chat_message" cascade;`);
    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop trigger if exists "outbox_event_notify_insert" on "outbox_event";`);
    this.addSql(`drop function if exists "outbox_event_outbox_event_notify_insert_fn"();`);
    this.addSql(`create or replace function "outbox_event_notify"() returns trigger language plpgsql as \$\$ begin perform pg_notify('outbox', new.id::text); return null; end; \$\$;`);
    this.addSql(`create trigger "outbox_event_notify_insert" after insert on "outbox_event" for each row execute function "outbox_event_notify"();`);
  }

}
