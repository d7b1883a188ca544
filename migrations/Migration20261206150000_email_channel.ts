import { Migration } from '@mikro-orm/migrations';

/** E-mail is a delivery channel: notifications to customers without a chat identity, and to suppliers. */
export class Migration20261206150000_email_channel extends Migration {

  override name = 'Migration20261206150000_email_channel';

  override up(): void | Promise<void> {
    this.addSql(`alter table "notification" drop constraint "notification_channel_check";`);
    this.addSql(`alter table "notification" add constraint "notification_channel_check" check ("channel" in ('telegram', 'webchat', 'slack', 'email'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "notification" where "channel" = 'email';`);
    this.addSql(`alter table "notification" drop constraint "notification_channel_check";`);
    this.addSql(`alter table "notification" add constraint "notification_channel_check" check ("channel" in ('telegram', 'webchat', 'slack'));`);
  }

}
