import { Migration } from '@mikro-orm/migrations';
import { retypePlaceOrder } from './functions/retype-place-order.ts';

/** Money columns (minor units) and the types `place_order` reads them as. */
const columns: Array<[table: string, column: string]> = [
  ['product', 'price_minor'],
  ['order', 'subtotal_minor'], ['order', 'shipping_minor'], ['order', 'total_minor'],
  ['order_line', 'unit_price_minor'], ['order_line', 'line_total_minor'],
  ['carrier_service', 'cod_fee_minor'], ['shipment', 'price_minor'],
];

/**
 * Money in 64-bit integers. Line and order totals were 32-bit: a wholesale line of ¥30,000 ×
 * 1,000 (3,000,000,000 fen) overflowed into a 500. Amounts now have room; the ceiling of one
 * order is a business rule (`MAX_ORDER_TOTAL_MINOR`, 422 `amount_too_large`).
 */
export class Migration20261206060000_money_bigint extends Migration {

  override name = 'Migration20261206060000_money_bigint';

  override up(): void | Promise<void> {
    for (const [table, column] of columns) this.addSql(`alter table "${table}" alter column "${column}" type bigint;`);
    // As the schema generator writes a bigint default, so that it sees no difference.
    this.addSql(`alter table "carrier_service" alter column "cod_fee_minor" set default '0';`);
    this.addSql(retypePlaceOrder('int', 'bigint'));
  }

  override down(): void | Promise<void> {
    this.addSql(retypePlaceOrder('bigint', 'int'));
    for (const [table, column] of columns) this.addSql(`alter table "${table}" alter column "${column}" type int;`);
  }

}
