import { Migration } from '@mikro-orm/migrations';

/** Each warehouse's part of an order is its own parcel: the shipment names the warehouse it leaves from. */
export class Migration20261206130000_parcels_per_warehouse extends Migration {

  override name = 'Migration20261206130000_parcels_per_warehouse';

  override up(): void | Promise<void> {
    this.addSql(`alter table "shipment" add column "warehouse_id" int null;`);
    this.addSql(`alter table "shipment" add constraint "shipment_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "shipment" drop constraint "shipment_warehouse_id_foreign";`);
    this.addSql(`alter table "shipment" drop column "warehouse_id";`);
  }

}
