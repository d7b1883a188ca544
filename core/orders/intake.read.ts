import type { PreparedStatement, UnitOfWork } from '../shared/unit-of-work.ts';
import type { ProductKind } from '../catalog/index.ts';
import type { ProductFacts } from './order-verification.ts';
import type { PriceItemFacts } from '../catalog/index.ts';
import { overdueOrderCondition, type AccountStatus, type BackorderPolicy, type MemberRole, type PaymentTerms } from '../customers/index.ts';

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
  /** The company the customer buys for, when they are a member of one. */
  account: AccountFacts | null;
  /** The items of the account's price list (depth 0) and its parent (depth 1) that may price these products. */
  priceItems: PriceItemFacts[];
}

/** What intake knows of the buyer's company account and their membership. */
export interface AccountFacts {
  id: number;
  code: string;
  name: string;
  status: AccountStatus;
  paymentTerms: PaymentTerms;
  currency: string;
  backorderPolicy: BackorderPolicy;
  memberId: number;
  role: MemberRole;
  memberActive: boolean;
  /** An order of the account is unpaid past its due date. */
  overdue: boolean;
  /** The member's own limits: one order, and their orders of the calendar month; null: none. */
  orderLimitMinor: number | null;
  monthlyLimitMinor: number | null;
  /** What the member's orders of this calendar month (business time zone, not cancelled or rejected) add up to. */
  monthSpentMinor: number;
}

/** What the read is asked. */
export interface IntakeQuestion {
  skus: string[];
  identity: { channel: string; externalId: string };
  idempotency: { scope: string; key: string } | null;
  fingerprint: string;
  duplicatesSince: Date;
  apiKeyId: number | null;
  /** The customer, when the caller already knows them (an account member's API key). */
  customerId: number | null;
  now: Date;
  /** When the calendar month began in the business time zone (members' monthly limits). */
  monthStart: Date;
}

/**
 * The products, their stock at every warehouse, the warehouses, the customer (and whether
 * they proved their phone), a stored idempotent response, the duplicate flag, the API key's
 * state, the buyer's company account and its price list items, as one statement.
 */
export const intakeRead: PreparedStatement = {
  name: 'intake_read_v9',
  text: `
with who as (
  select coalesce($9::int, (select ci.customer_id from customer_identity ci where ci.channel = $2 and ci.external_id = $3)) as id),
membership as (
  select a.*, m.id as member_id, m.role, m.active as member_active, m.order_limit_minor, m.monthly_limit_minor
    from account_member m join customer_account a on a.id = m.account_id where m.customer_id = (select id from who))
select
  (select coalesce(json_agg(json_build_object('id', p.id, 'sku', p.sku, 'name', p.name, 'nameZh', p.name_zh, 'priceMinor', p.price_minor,
                                              'currency', p.currency, 'kind', p.kind, 'active', p.active, 'allowBackorder', p.allow_backorder or p.replenishment = 'make_to_order',
                                              'madeToOrder', p.replenishment = 'make_to_order', 'booked', p.replenishment = 'booking', 'category', p.category,
                                              'quantityRule', (select json_build_object('minimum', q.minimum, 'increment', q.increment, 'maximum', q.maximum)
                                                                 from quantity_rule q where q.product_id = p.id))), '[]')
     from product p where p.sku = any($1::text[])) as products,
  (select coalesce(json_agg(json_build_object('warehouseId', s.warehouse_id, 'productId', s.product_id, 'available', s.on_hand - s.reserved)), '[]')
     from stock_level s where s.product_id in (select p.id from product p where p.sku = any($1::text[]))) as stock,
  (select coalesce(json_agg(json_build_object('id', w.id, 'code', w.code, 'isDefault', w.is_default, 'latitude', w.latitude, 'longitude', w.longitude) order by w.id), '[]')
     from warehouse w) as warehouses,
  (select json_build_object('id', c.id, 'verified', c.phone_verified_at is not null) from customer c where c.id = (select id from who)) as customer,
  (select json_build_object('hash', r.request_hash, 'response', r.response) from idempotency_record r where r.scope = $4 and r.key = $5) as stored,
  exists (select 1 from "order" o where o.customer_id = (select id from who) and o.lines_fingerprint = $6 and o.placed_at >= $7
             and o.status not in ('cancelled', 'rejected')) as duplicate,
  (select k.revoked_at is null from api_key k where k.id = $8) as api_key_active,
  (select coalesce(json_agg(cs.regions), '[]') from carrier_service cs join carrier c on c.id = cs.carrier_id where cs.active and c.active) as carrier_regions,
  (select json_build_object('id', m.id, 'code', m.code, 'name', m.name, 'status', m.status, 'paymentTerms', m.payment_terms, 'currency', m.currency,
                            'backorderPolicy', m.backorder_policy, 'memberId', m.member_id, 'role', m.role, 'memberActive', m.member_active,
                            'overdue', exists (select 1 from "order" o where o.account_id = m.id and ${overdueOrderCondition('$10')}),
                            'orderLimitMinor', m.order_limit_minor, 'monthlyLimitMinor', m.monthly_limit_minor,
                            'monthSpentMinor', (select coalesce(sum(o.total_minor), 0) from "order" o
                                                 where o.member_id = m.member_id and o.placed_at >= $11 and o.status not in ('cancelled', 'rejected')))
     from membership m) as account,
  (select coalesce(json_agg(json_build_object('depth', l.depth, 'currency', pl.currency, 'productId', i.product_id, 'category', i.category,
            'minQuantity', i.min_quantity, 'unitPriceMinor', i.unit_price_minor, 'discountBasisPoints', i.discount_basis_points,
            'validFrom', i.valid_from, 'validTo', i.valid_to)), '[]')
     from membership m
     cross join lateral (values (m.price_list_id, 0), ((select parent_id from price_list where id = m.price_list_id), 1)) as l(list_id, depth)
     join price_list pl on pl.id = l.list_id
     join price_list_item i on i.price_list_id = pl.id
    where i.product_id is null or i.product_id in (select p.id from product p where p.sku = any($1::text[]))) as price_items`,
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
  account: AccountFacts | null;
  price_items: PriceItemFacts[];
}

const coordinate = (value: string | number | null) => (value === null ? null : Number(value));

export async function readIntake(uow: UnitOfWork, question: IntakeQuestion): Promise<IntakeSnapshot> {
  const [row] = await uow.query<SnapshotRow>(intakeRead, [
    question.skus, question.identity.channel, question.identity.externalId, question.idempotency?.scope ?? null, question.idempotency?.key ?? null,
    question.fingerprint, question.duplicatesSince, question.apiKeyId, question.customerId, question.now, question.monthStart,
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
    account: row!.account,
    priceItems: row!.price_items,
  };
}
