import { Migration } from '@mikro-orm/migrations';

/**
 * When the customer proved the phone is theirs (Telegram's "share my phone" button sends the
 * number Telegram verified, for the sender's own account). Chat order caps apply until then.
 */
export class Migration20261206080000_customer_phone_verified extends Migration {

  override name = 'Migration20261206080000_customer_phone_verified';

  override up(): void | Promise<void> {
    this.addSql(`alter table "customer" add column "phone_verified_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "customer" drop column "phone_verified_at";`);
  }

}
