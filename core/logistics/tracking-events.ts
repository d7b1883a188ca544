import type { EntityManager } from '@mikro-orm/postgresql';
import { publish } from '../shared/outbox.ts';
import { applyStatusChange } from '../orders/index.ts';
import { collectCashOnDelivery } from '../payments/index.ts';
import type { ShipmentStatus } from './carrier.entity.ts';
import type { CarrierEvent } from './carrier.port.ts';
import { shipmentLifecycle } from './shipment-state.ts';
import { returnToSender } from './failed-delivery.ts';

/** What became of one tracking event. */
export type CarrierEventOutcome = 'applied' | 'duplicate' | 'unknown';

/**
 * Applies one tracking event from a carrier (webhook or polling) in the caller's transaction:
 * once (unique per shipment and event id), the shipment only moving forward. Delivered and
 * failed move the order (`delivered`, `delivery_failed`) and that status change tells the
 * customer; in-transit steps publish `shipment.updated`.
 */
export async function applyCarrierEvent(tx: EntityManager, carrierCode: string, event: CarrierEvent, maxAttempts = 3): Promise<CarrierEventOutcome> {
  const [row] = await tx.execute<Array<{ id: number; status: ShipmentStatus; number: string; order_status: string; customer_id: number; carrier_name: string; cod_minor: string | number | null }>>(
    `select s.id, s.status, o.number, o.status as order_status, o.customer_id, c.name as carrier_name, s.cod_minor from shipment s
       join carrier_service cs on cs.id = s.service_id join carrier c on c.id = cs.carrier_id join "order" o on o.id = s.order_id
      where c.code = ? and s.tracking_number = ? for update of s`,
    [carrierCode, event.trackingNumber],
  );
  if (!row) return 'unknown';
  const inserted = await tx.execute(
    `insert into shipment_event (shipment_id, external_id, status, description, occurred_at, created_at) values (?, ?, ?, ?, ?, now())
     on conflict (shipment_id, external_id) do nothing returning id`,
    [row.id, event.id, event.status, event.description ?? null, event.occurredAt],
  );
  if (inserted.length === 0) return 'duplicate';
  // Recorded either way; the parcel's status only moves forward (a late "in transit" changes nothing).
  if (!shipmentLifecycle.can(row.status, event.status)) return 'applied';
  await tx.execute('update shipment set status = ?, delivered_at = case when ? = \'delivered\' then ? else delivered_at end where id = ?', [event.status, event.status, event.occurredAt, row.id], 'run');
  if (event.status === 'delivered' || event.status === 'failed') {
    const actor = { type: 'system' as const, id: carrierCode };
    if (event.status === 'failed' && row.order_status === 'partially_shipped') {
      // A parcel of an order still waiting for backordered units: the customer hears of it; staff follow up with the carrier.
      await tx.execute('update shipment set failed_attempts = failed_attempts + 1 where id = ?', [row.id], 'run');
      publish(tx, 'shipment.updated', { type: 'order', id: row.number }, { orderNumber: row.number, customerId: row.customer_id, status: event.status, carrier: row.carrier_name, trackingNumber: event.trackingNumber });
      await tx.flush();
      return 'applied';
    }
    if (event.status === 'failed') {
      const [counted] = await tx.execute<Array<{ failed_attempts: number }>>('update shipment set failed_attempts = failed_attempts + 1 where id = ? returning failed_attempts', [row.id]);
      const attempts = counted!.failed_attempts;
      // The last attempt failed: the parcel goes back to the shop.
      if (attempts >= maxAttempts) {
        await returnToSender(tx, row.number, row.id, actor, `returned to sender after ${attempts} failed delivery attempts${event.description ? `: ${event.description}` : ''}`);
        return 'applied';
      }
      await applyStatusChange(tx, { number: row.number, to: 'delivery_failed', actor, reason: event.description, details: { attempt: attempts, maxAttempts } });
      return 'applied';
    }
    // An order in several parcels is delivered with its last one, once nothing is left to ship.
    const [others] = await tx.execute<Array<{ open: string }>>(`select count(*) as open from shipment where order_id = (select order_id from shipment where id = ?) and id <> ? and status <> 'delivered'`, [row.id, row.id]);
    if (Number(others!.open) === 0 && row.order_status === 'shipped') await applyStatusChange(tx, { number: row.number, to: 'delivered', actor, reason: event.description });
    // Cash on delivery: the carrier collected this parcel's part with it, and holds it for the shop.
    await collectCashOnDelivery(tx, row.number, carrierCode, actor, { parcel: event.trackingNumber, amountMinor: row.cod_minor === null ? null : Number(row.cod_minor) });
  } else {
    publish(tx, 'shipment.updated', { type: 'order', id: row.number }, { orderNumber: row.number, customerId: row.customer_id, status: event.status, carrier: row.carrier_name, trackingNumber: event.trackingNumber });
    await tx.flush();
  }
  return 'applied';
}

/** Shipments still on their way, per carrier code (what the tracking job polls). */
export async function openShipments(em: EntityManager): Promise<Array<{ carrier: string; trackingNumber: string }>> {
  return em.execute<Array<{ carrier: string; trackingNumber: string }>>(
    `select c.code as carrier, s.tracking_number as "trackingNumber" from shipment s join carrier_service cs on cs.id = s.service_id join carrier c on c.id = cs.carrier_id
      where s.status in ('label_created', 'in_transit', 'out_for_delivery') order by s.id limit 5000`,
  );
}
