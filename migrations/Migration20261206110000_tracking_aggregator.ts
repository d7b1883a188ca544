import { Migration } from '@mikro-orm/migrations';

/** Carriers followed through a tracking aggregator (AfterShip): the courier's code there, and when a parcel was registered. */
export class Migration20261206110000_tracking_aggregator extends Migration {

  override name = 'Migration20261206110000_tracking_aggregator';

  override up(): void | Promise<void> {
    this.addSql(`alter table "carrier" add column "tracking_slug" varchar(64) null;`);
    this.addSql(`alter table "shipment" add column "tracking_registered_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "carrier" drop column "tracking_slug";`);
    this.addSql(`alter table "shipment" drop column "tracking_registered_at";`);
  }

}
