import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { publish } from '../shared/outbox.ts';
import { markHandled } from '../shared/handled-once.ts';
import { applyCarrierEvent } from './tracking-events.ts';
import { replanAfter } from './fleet-replan.ts';
import type { StopStatus } from './fleet.entity.ts';

export type StopAction = 'arrived' | 'delivered' | 'failed';

/** Why a delivery failed, as the driver's buttons offer it. */
export const failureReasons = ['not_home', 'wrong_address', 'refused'] as const;
export type FailureReason = (typeof failureReasons)[number];

/** A stop as recorded: its place on the route, its order, and what it is now. */
export interface RecordedStop {
  n: number;
  number: string;
  status: StopStatus;
}

const allowed: Record<StopAction, readonly StopStatus[]> = { arrived: ['pending'], delivered: ['pending', 'arrived'], failed: ['pending', 'arrived'] };

/**
 * A driver records a stop from their Telegram chat: arrived, delivered, or failed (with a
 * reason). Only the route's driver may (anyone else: 403); each step once (a second press, or a
 * stop already settled: 409, its place and order in the details). Delivered and failed go through the carrier-event path like any
 * carrier's scan (the order is delivered or `delivery_failed`, the customer told, cash on
 * delivery collected, each once); the customer two stops further on hears the driver is near.
 */
export async function recordStop(tx: EntityManager, stopId: number, action: StopAction, driverChat: string, now: Date, maxAttempts: number, reason?: FailureReason): Promise<RecordedStop> {
  const [stop] = await tx.execute<Array<{ id: number; route_id: number; status: StopStatus; sequence: number; tracking_number: string; carrier: string; order_number: string; driver_chat: string | null; driver_active: boolean | null }>>(
    `select rs.id, rs.route_id, rs.status, rs.sequence, s.tracking_number, c.code as carrier, o.number as order_number, m.telegram_chat_id as driver_chat, m.active as driver_active
       from route_stop rs join delivery_route r on r.id = rs.route_id left join staff_member m on m.id = r.driver_id
       join shipment s on s.id = rs.shipment_id join carrier_service cs on cs.id = s.service_id join carrier c on c.id = cs.carrier_id join "order" o on o.id = s.order_id
      where rs.id = ? for update of rs`, [stopId]);
  if (!stop) throw new AppError('not_found', `No stop ${stopId}`, { stopId });
  if (!stop.driver_active || stop.driver_chat !== driverChat) throw new AppError('forbidden', 'Only the driver of this route records its stops', { stopId });
  if (!allowed[action].includes(stop.status)) throw new AppError('invalid_transition', `Stop ${stopId} (${stop.order_number}) is already ${stop.status}`, { status: stop.status, n: stop.sequence, number: stop.order_number });
  const to: StopStatus = action;
  await tx.execute('update route_stop set status = ?, done_at = ?, reason = ? where id = ?', [to, now, action === 'failed' ? (reason ?? 'not_home') : null, stopId]);
  const done = { n: Number(stop.sequence), number: stop.order_number, status: to };
  if (action === 'arrived') return done;
  await applyCarrierEvent(tx, stop.carrier, {
    id: `stop:${stopId}:${action}`, trackingNumber: stop.tracking_number, status: action, occurredAt: now, ...(action === 'failed' && { description: reason ?? 'not_home' }),
  }, maxAttempts);
  // A failed stop leaves the van somewhere the plan did not expect next: the rest is put in order from here.
  if (action === 'failed') await replanAfter(tx, stop.route_id, stopId);
  // The driver's next stop is one away; the one after it, two: that customer hears it once.
  const [twoAway] = await tx.execute<Array<{ id: number; order_number: string; customer_id: number }>>(
    `select rs.id, o.number as order_number, o.customer_id from route_stop rs join shipment s on s.id = rs.shipment_id join "order" o on o.id = s.order_id
      where rs.route_id = ? and rs.status = 'pending' order by rs.sequence offset 1 limit 1`, [stop.route_id]);
  if (twoAway && await markHandled(tx, 'stop_approaching', String(twoAway.id))) {
    publish(tx, 'route.approaching', { type: 'order', id: twoAway.order_number }, { orderNumber: twoAway.order_number, customerId: twoAway.customer_id, stopsAway: 2 });
    await tx.flush();
  }
  return done;
}

/** The stop's number on its route and its order, for the route's driver (anyone else: 403; no such stop: 404). */
export async function stopOf(em: EntityManager, stopId: number, driverChat: string): Promise<{ n: number; number: string }> {
  const [stop] = await em.execute<Array<{ sequence: number; number: string; chat: string | null; active: boolean | null }>>(
    `select rs.sequence, o.number, m.telegram_chat_id as chat, m.active from route_stop rs join delivery_route r on r.id = rs.route_id
       left join staff_member m on m.id = r.driver_id join shipment s on s.id = rs.shipment_id join "order" o on o.id = s.order_id where rs.id = ?`, [stopId]);
  if (!stop) throw new AppError('not_found', `No stop ${stopId}`, { stopId });
  if (!stop.active || stop.chat !== driverChat) throw new AppError('forbidden', 'Only the driver of this route records its stops', { stopId });
  return { n: Number(stop.sequence), number: stop.number };
}
