import type { VerifiedLine } from './order-verification.ts';
import { approvalReasons, priceOrder, promisedDate } from './pricing.ts';
import { orderNumberPrefix } from './order-number.ts';
import { reaches } from '../shared/places.ts';
import type { OrderView } from './order.view.ts';
import type { IntakeSnapshot } from './intake.read.ts';
import type { PlaceOrderPayload } from './intake.write.ts';
import { accountTerms, buyerLimit, type CutLine } from './account-intake.ts';
import type { LineAllocation } from './intake.allocation.ts';
import type { OrderSettings, PlaceOrderInput } from './intake.types.ts';

/** Prices, approval, flags, number prefix and the response: everything `place_order` writes. */
export function decide(
  settings: OrderSettings, input: PlaceOrderInput, verified: VerifiedLine[], allocations: LineAllocation[], snapshot: IntakeSnapshot & { cut: CutLine[] },
  now: Date, idempotency: PlaceOrderPayload['idempotency'], fingerprint: string,
): PlaceOrderPayload {
  const { policy } = settings;
  const productOf = (id: number) => verified.find((line) => line.product.id === id)!.product;
  const priced = verified.map((line) => ({ sku: line.product.sku, quantity: line.quantity, unitPriceMinor: line.product.priceMinor, kind: line.product.kind }));
  const totals = priceOrder(priced, policy);
  // No configured carrier reaches the address of an order with goods: staff contact the customer before it is picked.
  const unserved = input.shippingAddress && snapshot.carrierRegions.length > 0 && priced.some((line) => line.kind !== 'service')
    && !snapshot.carrierRegions.some((regions) => reaches(regions, input.shippingAddress!));
  const flags = [...(snapshot.duplicate && !input.booking ? ['possible_duplicate'] : []), ...(unserved ? ['address_unserved'] : [])];
  // Such orders wait for a person like a high-value one: Approve confirms it, Reject releases its stock.
  // A booking's order follows its booking, which its own rules (and staff, when needed) decided.
  const reasons = input.booking ? [] : [...approvalReasons(priced, totals, policy), ...buyerLimit(snapshot.account, totals.totalMinor), ...flags];
  const status = reasons.length > 0 ? 'pending_approval' : 'confirmed';
  const promisedAt = promisedDate(priced, now, policy);
  const contact = { name: input.contact.name, phone: input.contact.phone, email: input.contact.email };
  const lines = allocations.map((allocation) => {
    const product = productOf(allocation.productId);
    const quantity = allocation.quantity + allocation.backordered;
    return {
      product_id: product.id, warehouse_id: allocation.warehouseId, sku: product.sku, name: product.name, quantity,
      unit_price_minor: product.priceMinor, line_total_minor: quantity * product.priceMinor,
      reserved: allocation.quantity, backordered: allocation.backordered, backorderable: allocation.backorderable, stocked: allocation.stocked,
    };
  });
  const currency = verified[0]!.product.currency;
  const terms = input.booking ? null : accountTerms(snapshot.account, currency, totals.totalMinor, now, settings.timeZone, input.customerPoRef);
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
    event: { status, approvalReasons: reasons, ...(terms && { account: terms.view.account }), ...(input.booking && { booking: input.booking.number }), ...(snapshot.cut.length > 0 && { cut: snapshot.cut }) },
    address: input.shippingAddress ?? null,
    response: JSON.stringify(view),
  };
}
