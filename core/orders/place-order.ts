import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { hashRequest, keyInProgress, keyReused, type IdempotencyKey } from '../shared/idempotency.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { CustomerContact, IdentityChannel } from '../customers/index.ts';
import { allocate, preferenceOrder, type Allocation, type WarehouseStock } from '../inventory/index.ts';
import type { OrderAddress, OrderChannel, PaymentMethod } from './order.entity.ts';
import { changedPrices, isSelfServe, mergeLines, verifyLines, type RequestedLine, type VerifiedLine } from './order-verification.ts';
import { approvalReasons, linesFingerprint, priceOrder, promisedDate, type OrderPolicy } from './pricing.ts';
import { orderNumberPrefix } from './order-number.ts';
import { reaches } from '../shared/places.ts';
import type { OrderView } from './order.view.ts';
import { readIntake, type IntakeSnapshot } from './intake.read.ts';
import { insufficientStock, writeOrder, type PlaceOrderPayload } from './intake.write.ts';
import { accountTerms, buyerLimit, checkMember, cutToStock, productsForBuyer, type CutLine } from './account-intake.ts';
import { localDate, startOfLocalDay } from '../shared/calendar.ts';

/** Everything a channel knows when a customer confirms an order. */
export interface PlaceOrderInput {
  channel: OrderChannel;
  /** Who the customer is on that channel; one identity always means one customer. */
  identity: { channel: IdentityChannel; externalId: string };
  contact: CustomerContact;
  lines: RequestedLine[];
  shippingAddress?: OrderAddress | undefined;
  paymentMethod: PaymentMethod;
  notes?: string | undefined;
  /** The buyer's purchase-order reference (company accounts). */
  customerPoRef?: string | undefined;
  /** Prices by SKU decided before (an accepted quote's): used instead of the price list. Set by core only. */
  frozenPrices?: ReadonlyMap<string, number> | undefined;
  /** The customer when the caller already knows them (an account member's API key): `identity` is then not looked up. */
  customerId?: number | undefined;
  actor: Actor;
}

/** Settings of the order flow, from configuration. */
export interface OrderSettings {
  policy: OrderPolicy;
  /** Business time zone: the date in order numbers. */
  timeZone: string;
  clock: Clock;
}

export interface PlaceOrderResult {
  order: OrderView;
  /** True when the idempotency key had been seen: nothing new was written. */
  replayed: boolean;
}

/**
 * Places an order in two round trips and never holds a stock row across one: one statement
 * reads everything the order needs, the decisions (checks, allocation, prices, approval,
 * duplicate flag) are made here without I/O, and one statement (`place_order`) writes it all,
 * reserving stock in a fixed row order inside the database. A shortfall the read already shows
 * is refused with no write at all. With an idempotency key, a retry returns the first
 * response byte for byte and reserves nothing.
 */
export async function placeOrder(uow: UnitOfWork, settings: OrderSettings, input: PlaceOrderInput, idempotency?: IdempotencyKey): Promise<PlaceOrderResult> {
  const { actor, frozenPrices, ...request } = input;
  const requestHash = hashRequest({ ...request, frozenPrices: frozenPrices ? Object.fromEntries(frozenPrices) : undefined });
  const now = settings.clock.now();
  const merged = mergeLines(input.lines);
  const fingerprint = linesFingerprint(merged, input.customerPoRef);
  return uow.atomic(async () => {
    const snapshot = await readIntake(uow, {
      skus: merged.map((line) => line.sku), identity: input.identity, idempotency: idempotency ?? null, fingerprint,
      duplicatesSince: new Date(now.getTime() - settings.policy.duplicateWindowMinutes * 60_000),
      apiKeyId: actor.apiKeyId ?? (actor.type === 'api_key' ? Number(actor.id) : null), customerId: input.customerId ?? null, now,
      monthStart: startOfLocalDay(`${localDate(now, settings.timeZone).slice(0, 8)}01`, settings.timeZone),
    });
    if (snapshot.apiKeyActive === false) throw new AppError('unauthenticated', 'The API key is not valid or was revoked');
    if (idempotency && snapshot.stored) return replay(snapshot.stored, requestHash);
    // A chat customer confirming after a price changed is not refused (they cannot re-send a
    // request as an API client can): the order is taken at today's price and held for staff.
    checkMember(snapshot.account);
    const products = productsForBuyer(snapshot, merged, now, input.frozenPrices);
    const priceChanged = isSelfServe(input.channel) && changedPrices(input.lines, products).length > 0;
    const asked = priceChanged ? input.lines.map(({ expectedPriceMinor: _shown, ...line }) => line) : input.lines;
    const { lines, cut } = cutToStock(snapshot.account, mergeLines(asked), products, snapshot.stock);
    const verified = verifyLines(lines, products, input.shippingAddress, settings.policy, isSelfServe(input.channel) && !snapshot.customerVerified && !snapshot.account);
    const allocations = allocateOrFail(verified, snapshot, input.shippingAddress);
    const payload = decide(settings, input, verified, allocations, { ...snapshot, priceChanged, cut }, now, idempotency ? { ...idempotency, hash: requestHash } : null, fingerprint);
    const written = await writeOrder(uow, payload);
    return { order: JSON.parse(written.response) as OrderView, replayed: written.replayed };
  });
}

/** An earlier request with the same key: its response, unless the request differed or is still running. */
function replay(stored: NonNullable<IntakeSnapshot['stored']>, requestHash: string): PlaceOrderResult {
  if (stored.hash !== requestHash) throw keyReused();
  if (stored.response === null) throw keyInProgress();
  return { order: JSON.parse(stored.response) as OrderView, replayed: true };
}

/** Where one product's units of the order come from: reserved at a warehouse, or backordered there. */
interface LineAllocation extends Allocation {
  backordered: number;
  /** The product allows backorders: `place_order` reserves what is free when it locks the row. */
  backorderable: boolean;
}

const backorderable = (line: VerifiedLine) => line.product.allowBackorder === true;

/**
 * Which warehouse ships what (`inventory/allocation.ts`), sorted by product then warehouse. A
 * product that allows backorders reserves what the warehouses have and backorders the rest at
 * the warehouse already serving it (else the preferred one). When the warehouses together are
 * short of any other product, the order is refused here, before any write.
 */
function allocateOrFail(verified: VerifiedLine[], snapshot: IntakeSnapshot, address: OrderAddress | undefined): LineAllocation[] {
  const warehouses: WarehouseStock[] = snapshot.warehouses.map((warehouse) => ({
    id: warehouse.id, code: warehouse.code, isDefault: warehouse.isDefault,
    location: warehouse.latitude !== null && warehouse.longitude !== null ? { latitude: warehouse.latitude, longitude: warehouse.longitude } : null,
    available: new Map(snapshot.stock.filter((row) => row.warehouseId === warehouse.id).map((row) => [row.productId, row.available])),
  }));
  const destination = address?.latitude !== undefined && address.longitude !== undefined ? { latitude: address.latitude, longitude: address.longitude } : null;
  const everywhere = (productId: number) => snapshot.stock.filter((row) => row.productId === productId).reduce((sum, row) => sum + Math.max(0, row.available), 0);
  const reservable = (line: VerifiedLine) => (backorderable(line) ? Math.min(line.quantity, everywhere(line.product.id)) : line.quantity);
  const requested = verified.map((line) => ({ productId: line.product.id, quantity: reservable(line) })).filter((line) => line.quantity > 0);
  const allocations = allocate(requested, warehouses, destination);
  const [preferred] = preferenceOrder(warehouses, destination);
  const short = (line: VerifiedLine) => !backorderable(line) || !preferred;
  if (!allocations || (!preferred && verified.some((line) => reservable(line) < line.quantity))) {
    throw insufficientStock(verified
      .filter((line) => everywhere(line.product.id) < line.quantity && short(line))
      .map((line) => ({ sku: line.product.sku, productId: line.product.id, requested: line.quantity, available: everywhere(line.product.id) })));
  }
  const result: LineAllocation[] = allocations.map((allocation) => ({
    ...allocation, backordered: 0, backorderable: backorderable(verified.find((line) => line.product.id === allocation.productId)!),
  }));
  for (const line of verified.filter(backorderable)) {
    const rest = line.quantity - reservable(line);
    if (rest === 0) continue;
    const serving = result.find((allocation) => allocation.productId === line.product.id);
    if (serving) serving.backordered += rest;
    else result.push({ warehouseId: preferred!.id, productId: line.product.id, quantity: 0, backordered: rest, backorderable: true });
  }
  return result.sort((a, b) => a.productId - b.productId || a.warehouseId - b.warehouseId);
}

/** Prices, approval, flags, number prefix and the response: everything `place_order` writes. */
function decide(
  settings: OrderSettings, input: PlaceOrderInput, verified: VerifiedLine[], allocations: LineAllocation[], snapshot: IntakeSnapshot & { priceChanged: boolean; cut: CutLine[] },
  now: Date, idempotency: PlaceOrderPayload['idempotency'], fingerprint: string,
): PlaceOrderPayload {
  const { policy } = settings;
  const productOf = (id: number) => verified.find((line) => line.product.id === id)!.product;
  const priced = verified.map((line) => ({ sku: line.product.sku, quantity: line.quantity, unitPriceMinor: line.product.priceMinor, kind: line.product.kind }));
  const totals = priceOrder(priced, policy);
  // No configured carrier reaches the address of an order with goods: staff contact the customer before it is picked.
  const unserved = input.shippingAddress && snapshot.carrierRegions.length > 0 && priced.some((line) => line.kind !== 'service')
    && !snapshot.carrierRegions.some((regions) => reaches(regions, input.shippingAddress!));
  const flags = [...(snapshot.duplicate ? ['possible_duplicate'] : []), ...(unserved ? ['address_unserved'] : []), ...(snapshot.priceChanged ? ['price_changed'] : [])];
  // Such orders wait for a person like a high-value one: Approve confirms it, Reject releases its stock.
  const reasons = [...approvalReasons(priced, totals, policy), ...buyerLimit(snapshot.account, totals.totalMinor), ...flags];
  const status = reasons.length > 0 ? 'pending_approval' : 'confirmed';
  const promisedAt = promisedDate(priced, now, policy);
  const contact = { name: input.contact.name, phone: input.contact.phone, email: input.contact.email };
  const lines = allocations.map((allocation) => {
    const product = productOf(allocation.productId);
    const quantity = allocation.quantity + allocation.backordered;
    return {
      product_id: product.id, warehouse_id: allocation.warehouseId, sku: product.sku, name: product.name, quantity,
      unit_price_minor: product.priceMinor, line_total_minor: quantity * product.priceMinor,
      reserved: allocation.quantity, backordered: allocation.backordered, backorderable: allocation.backorderable,
    };
  });
  const currency = verified[0]!.product.currency;
  const terms = accountTerms(snapshot.account, currency, totals.totalMinor, now, settings.timeZone, input.customerPoRef);
  // `number` first and blank: the database fills it in when it numbers the order.
  const view: OrderView = {
    number: '', status, channel: input.channel, ...totals, currency,
    lines: lines.map((line) => ({
      sku: line.sku, name: line.name, quantity: line.quantity, unitPriceMinor: line.unit_price_minor, lineTotalMinor: line.line_total_minor,
      reserved: line.reserved, shipped: 0, backordered: line.backordered, cancelled: 0,
    })),
    flags, approvalReasons: reasons, paymentMethod: input.paymentMethod, paymentStatus: 'unpaid', shippingAddress: input.shippingAddress ?? null,
    notes: input.notes ?? null, statusReason: null, placedAt: now.toISOString(), promisedAt: promisedAt?.toISOString() ?? null, version: 1,
    account: null, paymentTerms: null, paymentDueAt: null, customerPoRef: null, ...terms?.view,
  };
  return {
    idempotency, customerId: snapshot.customerId, identity: input.identity, contact: { ...contact, locale: input.contact.locale },
    numberPrefix: orderNumberPrefix(now, settings.timeZone),
    actor: { type: input.actor.type, id: input.actor.id ?? null },
    order: {
      status, channel: input.channel, subtotal_minor: totals.subtotalMinor, shipping_minor: totals.shippingMinor, total_minor: totals.totalMinor, currency,
      shipping_address: input.shippingAddress ?? null, contact, payment_method: input.paymentMethod, notes: input.notes ?? null, flags,
      approval_reasons: reasons, lines_fingerprint: fingerprint, placed_at: now.toISOString(), promised_at: promisedAt?.toISOString() ?? null,
      ...terms?.order,
    },
    credit: terms?.credit ?? null,
    lines,
    audit: { status, totalMinor: totals.totalMinor, flags, approvalReasons: reasons },
    topic: status === 'pending_approval' ? 'order.approval_requested' : 'order.placed',
    event: { status, approvalReasons: reasons, ...(terms && { account: terms.view.account }), ...(snapshot.cut.length > 0 && { cut: snapshot.cut }) },
    address: input.shippingAddress ?? null,
    response: JSON.stringify(view),
  };
}
