import type { EntityManager } from '@mikro-orm/postgresql';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { postRequired, rearmStockAlerts } from '../inventory/index.ts';
import { applyStatusChange, Order, OrderLine, type OrderAddress } from '../orders/index.ts';

/** The parcel of an order whose last attempt failed, with its carrier. */
export interface FailedParcel {
  shipmentId: number;
  trackingNumber: string;
  carrier: string;
  attempts: number;
}

/** The failed parcel of an order that is `delivery_failed` (a customer only reaches their own). */
export async function failedParcelOf(em: EntityManager, orderNumber: string, actor: Actor): Promise<FailedParcel> {
  const owner = customerIdOf(actor);
  const [row] = await em.execute<Array<{ id: number; tracking_number: string; carrier: string; failed_attempts: number; status: string; customer_id: number }>>(
    `select s.id, s.tracking_number, c.code as carrier, s.failed_attempts, o.status, o.customer_id from shipment s
       join "order" o on o.id = s.order_id join carrier_service cs on cs.id = s.service_id join carrier c on c.id = cs.carrier_id
      where o.number = ? order by s.id desc limit 1`,
    [orderNumber],
  );
  if (!row || (owner !== null && row.customer_id !== owner)) throw new AppError('not_found', `No shipped order ${orderNumber}`, { number: orderNumber });
  if (row.status !== 'delivery_failed') throw new AppError('invalid_transition', `Order ${orderNumber} is ${row.status}; a new attempt follows a failed one`, { status: row.status });
  return { shipmentId: row.id, trackingNumber: row.tracking_number, carrier: row.carrier, attempts: row.failed_attempts };
}

/**
 * Another attempt was agreed with the carrier (at a new address, when given): the parcel is on
 * its way again and the order `shipped`, in the caller's transaction (after the carrier said yes).
 */
export async function recordReattempt(tx: EntityManager, orderNumber: string, parcel: FailedParcel, date: string, actor: Actor, address?: OrderAddress): Promise<void> {
  await tx.execute(`update shipment set status = 'in_transit' where id = ? and status = 'failed'`, [parcel.shipmentId], 'run');
  if (address) {
    const order = await tx.findOneOrFail(Order, { number: orderNumber });
    audit(tx, actor, { entityType: 'order', entityId: orderNumber, action: 'order.address_changed', before: { address: order.shippingAddress }, after: { address } });
    order.shippingAddress = address;
    await tx.flush();
  }
  audit(tx, actor, { entityType: 'order', entityId: orderNumber, action: 'shipment.reattempt', after: { trackingNumber: parcel.trackingNumber, date, attempt: parcel.attempts + 1 } });
  await applyStatusChange(tx, { number: orderNumber, to: 'shipped', actor: { type: 'system', id: 'reattempt' }, reason: `new delivery attempt on ${date}`, details: { reattemptOn: date } });
}

/**
 * The parcel goes back to the shop (after the last failed attempt, or staff decide): the parcel
 * is `returned`, the order `returned`, and its goods are received back at the warehouses they
 * left, through the ledger. A paid order is then refunded by the payment sweep.
 */
export async function returnToSender(tx: EntityManager, orderNumber: string, shipmentId: number, actor: Actor, reason: string): Promise<void> {
  await tx.execute(`update shipment set status = 'returned' where id = ?`, [shipmentId], 'run');
  await applyStatusChange(tx, { number: orderNumber, to: 'returned', actor, reason });
  const order = await tx.findOneOrFail(Order, { number: orderNumber });
  const lines = await tx.find(OrderLine, { order }, { orderBy: { product: 'asc' } });
  const stock = lines.filter((line) => line.shipped > 0).map((line) => ({ warehouseId: line.warehouse.id, productId: line.product.id, sku: line.sku, quantity: line.shipped }));
  await postRequired(tx, stock.map((line) => ({ warehouseId: line.warehouseId, productId: line.productId, kind: 'receipt' as const, onHandDelta: line.quantity, reservedDelta: 0, reference: `RTS-${orderNumber}`, actor })));
  await rearmStockAlerts(tx, stock);
  await tx.flush();
}
