import { Migration } from '@mikro-orm/migrations';

/** Ticket resolution SLA bookkeeping. */
export class Migration20261122025211_ticket_resolution_sla extends Migration {

  override name = 'Migration20261122025211_ticket_resolution_sla';

  override up(): void | Promise<void> {
    this.addSql(`alter table "feedback" drop constraint "feedback_score_range";`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check (score between 1 and 5);`);

    this.addSql(`alter table "ticket" add "resolution_warned_at" timestamptz null, add "resolution_breached_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "feedback" drop constraint "feedback_score_range";`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check ((score >= 1) AND (score <= 5));`);

    this.addSql(`alter table "ticket" drop column "resolution_warned_at", drop column "resolution_breached_at";`);
  }

}
