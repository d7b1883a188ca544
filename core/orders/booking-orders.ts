import type { EntityManager } from '@mikro-orm/postgresql';
import { jobActor, type Actor } from '../shared/actor.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import type { CustomerContact } from '../customers/index.ts';
import { placeOrder } from './place-order.ts';
import { applyStatusChange } from './order-transitions.ts';
import { orderChannels, type OrderChannel } from './order.entity.ts';
import type { OrderPolicy } from './pricing.ts';

/** The booking an order is placed for, as the booking side knows it. */
export interface BookedService {
  number: string;
  customerId: number;
  contact: CustomerContact;
  sku: string;
  channel: string;
  warehouseId: number | null;
  /** A line for staff reading the order ("Massage, 2026-12-10 10:00 Asia/Shanghai"). */
  note: string;
  actor: Actor;
}

/**
 * What a booking needs of its order (handed to the booking service, so bookings do not reach
 * into intake): the order that prices it, placed when it is confirmed, and settled with it.
 */
export interface BookingOrders {
  /**
   * Places the booking's order inside the caller's transaction: one line of the service, no
   * stock behind it, confirmed (the booking's own rules decided it), paid at the visit. Once per
   * booking: a second call returns the first order.
   */
  place(tx: EntityManager, booking: BookedService): Promise<{ id: number; number: string; totalMinor: number; currency: string }>;
  /** The booking ended: its order is cancelled (cancelled, no-show) or completed, if it is still open. */
  settle(tx: EntityManager, orderNumber: string, to: 'cancelled' | 'completed', booking: string, reason?: string | null): Promise<void>;
}

const channelOf = (channel: string): OrderChannel => (orderChannels as readonly string[]).includes(channel) ? channel as OrderChannel : 'api';

export function bookingOrders({ uow, clock, config }: ServiceContext, policy: OrderPolicy): BookingOrders {
  const settings = { policy, timeZone: config.REPORT_TIMEZONE, clock };
  // The order follows its booking: whoever moved the booking was checked there (a front-desk role need not fulfil orders).
  const follower = jobActor('bookings');
  return {
    place: async (tx, booking) => {
      const { order } = await placeOrder(uow, settings, {
        channel: channelOf(booking.channel), identity: { channel: 'api', externalId: `booking:${booking.number}` }, contact: booking.contact,
        lines: [{ sku: booking.sku, quantity: 1 }], paymentMethod: 'cash_on_delivery', notes: booking.note, customerId: booking.customerId,
        actor: booking.actor, booking: { number: booking.number, warehouseId: booking.warehouseId },
      }, { scope: 'booking', key: booking.number });
      const [row] = await tx.execute<Array<{ id: number }>>('select id from "order" where number = ?', [order.number]);
      return { id: row!.id, number: order.number, totalMinor: order.totalMinor, currency: order.currency };
    },
    settle: async (tx, orderNumber, to, booking, reason) => {
      const [order] = await tx.execute<Array<{ status: string }>>('select status from "order" where number = ?', [orderNumber]);
      const open = to === 'cancelled' ? ['pending_approval', 'confirmed'] : ['confirmed'];
      if (!order || !open.includes(order.status)) return;
      await applyStatusChange(tx, { number: orderNumber, to, actor: follower, reason: reason ?? `booking ${booking} ${to}`, details: { booking } });
    },
  };
}
