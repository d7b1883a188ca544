import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { TrackingAggregator } from './carrier.port.ts';

/** A parcel of a carrier followed through the aggregator, not registered there yet. */
export interface ParcelToRegister {
  shipmentId: number;
  trackingNumber: string;
  carrierSlug: string;
  orderNumber: string;
}

/** Open parcels of carriers with an aggregator code that the aggregator does not follow yet (of one order, when given). */
export async function parcelsToRegister(em: EntityManager, orderNumber?: string): Promise<ParcelToRegister[]> {
  const rows = await em.execute<Array<{ id: number; tracking_number: string; tracking_slug: string; number: string }>>(
    `select s.id, s.tracking_number, c.tracking_slug, o.number from shipment s
       join carrier_service cs on cs.id = s.service_id join carrier c on c.id = cs.carrier_id join "order" o on o.id = s.order_id
      where c.tracking_slug is not null and s.tracking_registered_at is null and s.status not in ('delivered')
        ${orderNumber === undefined ? '' : 'and o.number = ?'}
      order by s.id limit 200`,
    orderNumber === undefined ? [] : [orderNumber],
  );
  return rows.map((row) => ({ shipmentId: row.id, trackingNumber: row.tracking_number, carrierSlug: row.tracking_slug, orderNumber: row.number }));
}

/**
 * Hands parcels to the aggregator and notes it; one that fails now is tried again by the next
 * tracking run (registering twice is harmless).
 */
export async function registerParcels(uow: UnitOfWork, aggregator: TrackingAggregator, parcels: ParcelToRegister[]): Promise<{ registered: number; failed: string[] }> {
  let registered = 0;
  const failed: string[] = [];
  for (const parcel of parcels) {
    try {
      await aggregator.register({ trackingNumber: parcel.trackingNumber, carrierSlug: parcel.carrierSlug, orderNumber: parcel.orderNumber });
      await uow.write((tx) => tx.execute('update shipment set tracking_registered_at = now() where id = ? and tracking_registered_at is null', [parcel.shipmentId], 'run'));
      registered += 1;
    } catch (error) {
      failed.push(`${parcel.trackingNumber}: ${(error as Error).message}`);
    }
  }
  return { registered, failed };
}

/** The carrier code behind an aggregator's courier code, or null. */
export async function carrierOfSlug(em: EntityManager, slug: string): Promise<string | null> {
  const [row] = await em.execute<Array<{ code: string }>>('select code from carrier where tracking_slug = ? and active order by id limit 1', [slug]);
  return row?.code ?? null;
}
