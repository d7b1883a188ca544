import { Migration } from '@mikro-orm/migrations';

/** Failed delivery attempts per parcel, and parcels returned to the shop after the last one. */
export class Migration20261206120000_delivery_attempts extends Migration {

  override name = 'Migration20261206120000_delivery_attempts';

  override up(): void | Promise<void> {
    this.addSql(`alter table "shipment" add column "failed_attempts" int not null default 0;`);
    this.addSql(`alter table "shipment" drop constraint "shipment_status_check";`);
    this.addSql(`alter table "shipment" add constraint "shipment_status_check" check ("status" in ('label_created', 'in_transit', 'out_for_delivery', 'delivered', 'failed', 'returned'));`);
    this.addSql(`alter table "shipment_event" drop constraint "shipment_event_status_check";`);
    this.addSql(`alter table "shipment_event" add constraint "shipment_event_status_check" check ("status" in ('label_created', 'in_transit', 'out_for_delivery', 'delivered', 'failed', 'returned'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "shipment" drop column "failed_attempts";`);
    this.addSql(`update "shipment" set status = 'failed' where status = 'returned';`);
    this.addSql(`alter table "shipment" drop constraint "shipment_status_check";`);
    this.addSql(`alter table "shipment" add constraint "shipment_status_check" check ("status" in ('label_created', 'in_transit', 'out_for_delivery', 'delivered', 'failed'));`);
    this.addSql(`delete from "shipment_event" where status = 'returned';`);
    this.addSql(`alter table "shipment_event" drop constraint "shipment_event_status_check";`);
    this.addSql(`alter table "shipment_event" add constraint "shipment_event_status_check" check ("status" in ('label_created', 'in_transit', 'out_for_delivery', 'delivered', 'failed'));`);
  }

}
