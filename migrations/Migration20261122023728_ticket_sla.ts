import { Migration } from '@mikro-orm/migrations';

/** Ticket SLA bookkeeping: first response, warning and breach times. */
export class Migration20261122023728_ticket_sla extends Migration {

  override name = 'Migration20261122023728_ticket_sla';

  override up(): void | Promise<void> {
    this.addSql(`alter table "feedback" drop constraint "feedback_score_range";`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check (score between 1 and 5);`);

    this.addSql(`alter table "ticket" add "first_responded_at" timestamptz null, add "sla_warned_at" timestamptz null, add "sla_breached_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "feedback" drop constraint "feedback_score_range";`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check ((score >= 1) AND (score <= 5));`);

    this.addSql(`alter table "ticket" drop column "first_responded_at", drop column "sla_warned_at", drop column "sla_breached_at";`);
  }

}
