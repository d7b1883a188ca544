import { Migration } from '@mikro-orm/migrations';

/** A pick list remembers who took it (claimed in Slack; the first claim wins). */
export class Migration20261206180000_pick_list_claim extends Migration {

  override name = 'Migration20261206180000_pick_list_claim';

  override up(): void | Promise<void> {
    this.addSql(`alter table "pick_list" add column "claimed_by" varchar(100) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "pick_list" drop column "claimed_by";`);
  }

}
