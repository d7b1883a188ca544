import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications that cannot be lost.
 * - `installation`: one row with a random id made here, which names this installation's queues
 *   in Redis (two databases on one Redis, or a database dropped and migrated again, get fresh
 *   queues and never reuse another's job ids).
 * - Outbox events get a relay lease (the relay commits its claim, then enqueues) and a
 *   dead-letter state with the error, so one event that cannot be planned blocks nothing.
 */
export class Migration20261206050000_notification_namespace extends Migration {

  override name = 'Migration20261206050000_notification_namespace';

  override up(): void | Promise<void> {
    this.addSql(`create table "installation" ("id" varchar(32) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`insert into "installation" ("id", "created_at") values (substr(replace(gen_random_uuid()::text, '-', ''), 1, 16), now());`);
    this.addSql(`alter table "outbox_event" add "claimed_until" timestamptz null, add "dead_at" timestamptz null, add "last_error" text null;`);
    // What /metrics counts on every scrape: set-aside notifications and events, without a scan.
    this.addSql(`create index "notification_set_aside_index" on "notification" ("channel", "status") where status in ('failed', 'uncertain');`);
    this.addSql(`create index "outbox_event_dead_index" on "outbox_event" ("id") where dead_at is not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "outbox_event_dead_index";`);
    this.addSql(`drop index if exists "notification_set_aside_index";`);
    this.addSql(`alter table "outbox_event" drop column "claimed_until", drop column "dead_at", drop column "last_error";`);
    this.addSql(`drop table if exists "installation";`);
  }

}
