import { Migration } from '@mikro-orm/migrations';

/** Each staff member's language (`/lang`); null keeps the shop's DEFAULT_LOCALE. */
export class Migration20261206170000_staff_locale extends Migration {

  override name = 'Migration20261206170000_staff_locale';

  override up(): void | Promise<void> {
    this.addSql(`alter table "staff_member" add column "locale" text check ("locale" in ('zh-CN', 'en')) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "staff_member" drop column "locale";`);
  }

}
