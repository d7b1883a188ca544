import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { lockOrder, paymentsOfOrder, recordPayment } from './ledger.ts';
import { outstanding, totalsOf } from './payment-status.ts';

/**
 * A parcel of a cash-on-delivery order was delivered: the carrier (or driver) collected what its
 * label asked (`amountMinor`, at most what is still due), or, for a parcel without an amount,
 * all that is still due.
 * The cash is `collected` (the carrier holds it) until finance confirms it was handed over. Runs
 * in the delivery's own transaction; a repeat records nothing (one reference per parcel).
 */
export async function collectCashOnDelivery(tx: EntityManager, orderNumber: string, carrierCode: string, actor: Actor, parcel: { parcel: string; amountMinor: number | null }): Promise<void> {
  const order = await lockOrder(tx, orderNumber);
  if (order.paymentMethod !== 'cash_on_delivery') return;
  const { dueMinor } = outstanding(totalsOf(await paymentsOfOrder(tx, order)), order.totalMinor);
  const amountMinor = Math.min(dueMinor, parcel.amountMinor ?? dueMinor);
  if (amountMinor === 0) return;
  await recordPayment(tx, order, { amountMinor, currency: order.currency, method: 'cash_on_delivery', state: 'collected', provider: carrierCode, reference: `cod:${orderNumber}:${parcel.parcel}` }, actor);
}
