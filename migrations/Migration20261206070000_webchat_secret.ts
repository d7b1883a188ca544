import { Migration } from '@mikro-orm/migrations';

/**
 * Where the web chat's cookie secret lives when `WEBCHAT_SECRET` is not set: made on first use
 * and kept with the installation, so visitors keep their session across restarts and every web
 * process accepts every other one's cookies.
 */
export class Migration20261206070000_webchat_secret extends Migration {

  override name = 'Migration20261206070000_webchat_secret';

  override up(): void | Promise<void> {
    this.addSql(`alter table "installation" add column "webchat_secret" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "installation" drop column "webchat_secret";`);
  }

}
