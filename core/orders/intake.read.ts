import type { PreparedStatement, UnitOfWork } from '../shared/unit-of-work.ts';
import type { ProductKind } from '../catalog/index.ts';
import type { ProductFacts } from './order-verification.ts';

/** Everything intake decides on, read in one round trip. */
export interface IntakeSnapshot {
  products: ProductFacts[];
  /** Available units (on hand minus reserved) per warehouse and product. */
  stock: Array<{ warehouseId: number; productId: number; available: number }>;
  warehouses: Array<{ id: number; code: string; isDefault: boolean; latitude: number | null; longitude: number | null }>;
  /** The customer behind the channel identity, or null on their first order. */
  customerId: number | null;
  /** The customer proved their phone (chat order caps do not apply). */
  customerVerified: boolean;
  /** What an earlier request with the same idempotency key stored, if any. */
  stored: { hash: string; response: string | null } | null;
  /** The same cart from the same customer within the duplicate window. */
  duplicate: boolean;
  /** For an API key: whether it is still active (a cached key revoked meanwhile is not). */
  apiKeyActive: boolean | null;
  /** The regions of every active carrier service (none configured: nothing is judged). */
  carrierRegions: string[][];
}

/** What the read is asked. */
export interface IntakeQuestion {
  skus: string[];
  identity: { channel: string; externalId: string };
  idempotency: { scope: string; key: string } | null;
  fingerprint: string;
  duplicatesSince: Date;
  apiKeyId: number | null;
}

/**
 * The products, their stock at every warehouse, the warehouses, the customer (and whether
 * they proved their phone), a stored
 * idempotent response, the duplicate flag and the API key's state, as one statement.
 */
export const intakeRead: PreparedStatement = {
  name: 'intake_read_v5',
  text: `
select
  (select coalesce(json_agg(json_build_object('id', p.id, 'sku', p.sku, 'name', p.name, 'nameZh', p.name_zh, 'priceMinor', p.price_minor,
                                              'currency', p.currency, 'kind', p.kind, 'active', p.active, 'allowBackorder', p.allow_backorder,
                                              'quantityRule', (select json_build_object('minimum', q.minimum, 'increment', q.increment, 'maximum', q.maximum)
                                                                 from quantity_rule q where q.product_id = p.id))), '[]')
     from product p where p.sku = any($1::text[])) as products,
  (select coalesce(json_agg(json_build_object('warehouseId', s.warehouse_id, 'productId', s.product_id, 'available', s.on_hand - s.reserved)), '[]')
     from stock_level s where s.product_id in (select p.id from product p where p.sku = any($1::text[]))) as stock,
  (select coalesce(json_agg(json_build_object('id', w.id, 'code', w.code, 'isDefault', w.is_default, 'latitude', w.latitude, 'longitude', w.longitude) order by w.id), '[]')
     from warehouse w) as warehouses,
  (select json_build_object('id', c.id, 'verified', c.phone_verified_at is not null)
     from customer_identity ci join customer c on c.id = ci.customer_id where ci.channel = $2 and ci.external_id = $3) as customer,
  (select json_build_object('hash', r.request_hash, 'response', r.response) from idempotency_record r where r.scope = $4 and r.key = $5) as stored,
  exists (select 1 from "order" o join customer_identity ci on ci.customer_id = o.customer_id
           where ci.channel = $2 and ci.external_id = $3 and o.lines_fingerprint = $6 and o.placed_at >= $7
             and o.status not in ('cancelled', 'rejected')) as duplicate,
  (select k.revoked_at is null from api_key k where k.id = $8) as api_key_active,
  (select coalesce(json_agg(cs.regions), '[]') from carrier_service cs join carrier c on c.id = cs.carrier_id where cs.active and c.active) as carrier_regions`,
};

interface SnapshotRow {
  products: Array<Omit<ProductFacts, 'kind'> & { kind: ProductKind }>;
  stock: IntakeSnapshot['stock'];
  warehouses: Array<{ id: number; code: string; isDefault: boolean; latitude: string | number | null; longitude: string | number | null }>;
  customer: { id: number; verified: boolean } | null;
  stored: IntakeSnapshot['stored'];
  duplicate: boolean;
  api_key_active: boolean | null;
  carrier_regions: string[][];
}

const coordinate = (value: string | number | null) => (value === null ? null : Number(value));

export async function readIntake(uow: UnitOfWork, question: IntakeQuestion): Promise<IntakeSnapshot> {
  const [row] = await uow.query<SnapshotRow>(intakeRead, [
    question.skus, question.identity.channel, question.identity.externalId, question.idempotency?.scope ?? null, question.idempotency?.key ?? null,
    question.fingerprint, question.duplicatesSince, question.apiKeyId,
  ]);
  return {
    products: row!.products,
    stock: row!.stock,
    warehouses: row!.warehouses.map((warehouse) => ({ ...warehouse, latitude: coordinate(warehouse.latitude), longitude: coordinate(warehouse.longitude) })),
    customerId: row!.customer?.id ?? null,
    customerVerified: row!.customer?.verified ?? false,
    stored: row!.stored,
    duplicate: row!.duplicate,
    apiKeyActive: row!.api_key_active,
    carrierRegions: row!.carrier_regions,
  };
}
