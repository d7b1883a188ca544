import { Migration } from '@mikro-orm/migrations';

/** Customer ratings (feedback) and an index for reports on status changes by day. */
export class Migration20261122023525_feedback extends Migration {

  override name = 'Migration20261122023525_feedback';

  override up(): void | Promise<void> {
    this.addSql(`create table "feedback" ("id" serial primary key, "customer_id" int not null, "order_number" varchar(32) null, "ticket_number" varchar(20) null, "score" int not null, "comment" text null, "follow_up_ticket" varchar(20) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "feedback_created_index" on "feedback" ("created_at");`);
    this.addSql(`alter table "feedback" add constraint "feedback_order_unique" unique ("customer_id", "order_number");`);
    this.addSql(`alter table "feedback" add constraint "feedback_ticket_unique" unique ("customer_id", "ticket_number");`);

    this.addSql(`create index "audit_entry_action_time_index" on "audit_entry" ("action", "created_at");`);

    this.addSql(`alter table "feedback" add constraint "feedback_customer_id_foreign" foreign key ("customer_id") references "customer" ("id");`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check (score between 1 and 5);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "feedback" cascade;`);

    this.addSql(`drop index "audit_entry_action_time_index";`);
  }

}
