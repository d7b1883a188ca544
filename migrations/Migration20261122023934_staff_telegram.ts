import { Migration } from '@mikro-orm/migrations';

/** Managers may link a Telegram chat for the daily digest. */
export class Migration20261122023934_staff_telegram extends Migration {

  override name = 'Migration20261122023934_staff_telegram';

  override up(): void | Promise<void> {
    this.addSql(`alter table "feedback" drop constraint "feedback_score_range";`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check (score between 1 and 5);`);

    this.addSql(`alter table "staff_member" add "telegram_chat_id" varchar(32) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "feedback" drop constraint "feedback_score_range";`);
    this.addSql(`alter table "feedback" add constraint "feedback_score_range" check ((score >= 1) AND (score <= 5));`);

    this.addSql(`alter table "staff_member" drop column "telegram_chat_id";`);
  }

}
