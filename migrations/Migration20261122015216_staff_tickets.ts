import { Migration } from '@mikro-orm/migrations';

/** The staff directory of the Slack console, and ticket assignment, escalation and resolution. */
export class Migration20261122015216_staff_tickets extends Migration {

  override name = 'Migration20261122015216_staff_tickets';

  override up(): void | Promise<void> {
    this.addSql(`create table "staff_member" ("id" serial primary key, "slack_user_id" varchar(32) not null, "name" varchar(200) not null, "role" text not null, "active" boolean not null default true, "created_at" timestamptz not null);`);
    this.addSql(`alter table "staff_member" add constraint "staff_member_slack_user_id_unique" unique ("slack_user_id");`);

    this.addSql(`alter table "ticket" add "assignee_slack_id" varchar(32) null, add "escalation_level" int not null default 0, add "resolution" text null, add "resolved_at" timestamptz null;`);

    this.addSql(`alter table "staff_member" add constraint "staff_member_role_check" check ("role" in ('agent', 'manager', 'admin'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "staff_member" cascade;`);

    this.addSql(`alter table "ticket" drop column "assignee_slack_id", drop column "escalation_level", drop column "resolution", drop column "resolved_at";`);
  }

}
