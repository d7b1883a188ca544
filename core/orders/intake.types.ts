import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import type { CustomerContact, IdentityChannel } from '../customers/index.ts';
import type { OrderAddress, OrderChannel, PaymentMethod } from './order.entity.ts';
import type { RequestedLine } from './order-verification.ts';
import type { OrderPolicy } from './pricing.ts';
import type { OrderView } from './order.view.ts';

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
  /**
   * The booking this order prices (set by core only): its booked service lines hold no stock,
   * their unit is the booking's time (at the booking's warehouse, else the default one).
   * Without it a bookable service is refused (422 `booking_required`).
   */
  booking?: { number: string; warehouseId: number | null } | undefined;
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
