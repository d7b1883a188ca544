import { Migration } from '@mikro-orm/migrations';
import { replaceInCheck } from './functions/check-constraint.ts';
import { reversed, rewriteFunction } from './functions/rewrite-function.ts';

/**
 * A booking's order (issue 23): a bookable service is sold by booking it, its supply is time on
 * a resource, not stock (`product.replenishment = 'booking'`). Its order line is not stocked
 * (`order_line.stocked = false`): its unit is held by the booking, so `place_order` reserves no
 * stock for it, and shipping, cancelling and the integrity check leave the ledger alone. A
 * service may require staff to confirm each booking; a customer may say they will come.
 */
const unstockedLines = [
  [`from jsonb_array_elements(v_lines) with ordinality as l where (l.value->>'reserved')::int > 0;`,
    `from jsonb_array_elements(v_lines) with ordinality as l where (l.value->>'reserved')::int > 0 and coalesce((l.value->>'stocked')::boolean, true);`],
  ['reserved, shipped, backordered, cancelled)\n', 'reserved, shipped, backordered, cancelled, stocked)\n'],
  ['l.reserved, 0, l.backordered, 0\n', 'l.reserved, 0, l.backordered, 0, coalesce(l.stocked, true)\n'],
  ['line_total_minor bigint, reserved int, backordered int);', 'line_total_minor bigint, reserved int, backordered int, stocked boolean);'],
] as const;

export class Migration20261206242000_booking_orders extends Migration {

  override name = 'Migration20261206242000_booking_orders';

  override up(): void | Promise<void> {
    for (const sql of replaceInCheck('product', 'replenishment', ['stock', 'make_to_order', 'booking'])) this.addSql(sql);
    this.addSql(`update "product" set "replenishment" = 'booking' where "id" in (select "product_id" from "service_definition");`);
    this.addSql(`alter table "order_line" add column "stocked" boolean not null default true;`);
    this.addSql(`alter table "booking" add column "order_id" int null;`);
    this.addSql(`alter table "booking" add constraint "booking_order_id_unique" unique ("order_id");`);
    this.addSql(`alter table "booking" add constraint "booking_order_id_foreign" foreign key ("order_id") references "order" ("id") on delete set null;`);
    this.addSql(`alter table "service_definition" add column "requires_confirmation" boolean not null default false;`);
    this.addSql(`alter table "booking" add column "attendance_confirmed_at" timestamptz null;`);
    this.addSql(rewriteFunction('place_order(jsonb)', unstockedLines));
  }

  override down(): void | Promise<void> {
    this.addSql(rewriteFunction('place_order(jsonb)', reversed(unstockedLines)));
    this.addSql(`alter table "service_definition" drop column "requires_confirmation";`);
    this.addSql(`alter table "booking" drop constraint "booking_order_id_foreign";`);
    this.addSql(`alter table "booking" drop constraint "booking_order_id_unique";`);
    this.addSql(`alter table "booking" drop column "order_id", drop column "attendance_confirmed_at";`);
    this.addSql(`alter table "order_line" drop column "stocked";`);
    this.addSql(`update "product" set "replenishment" = 'stock' where "replenishment" = 'booking';`);
    for (const sql of replaceInCheck('product', 'replenishment', ['stock', 'make_to_order'])) this.addSql(sql);
  }

}
