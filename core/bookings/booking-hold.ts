import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { nextDocumentNumber } from '../shared/document-number.ts';
import { BookableResource, Booking, type ServiceDefinition } from './booking.entity.ts';
import { slotRefusal } from './slots.ts';
import { calendarOf, findService, givingResource, rulesOf } from './resources.ts';
import { bookingView, type BookingView } from './booking.view.ts';
import { expireHolds, letGo, refuseByRule, takeTime, taken } from './booking-time.ts';

/** How long a picked slot is kept for its customer (chat takes longer than a web form). */
export const holdMinutes = 10;

export interface HoldInput {
  sku: string;
  start: Date;
  /** A resource code (or its id, from a chat button), or neither for "anyone who gives the service". */
  resource?: string | undefined;
  resourceId?: number | undefined;
  customerId: number;
  channel: string;
}

/** The resources giving a service, least booked on the day first, then by id (how "anyone" spreads bookings). */
async function qualified(tx: EntityManager, service: ServiceDefinition, start: Date, code?: string): Promise<BookableResource[]> {
  if (code) return [await givingResource(tx, service, code)];
  const rows = await tx.execute<Array<{ id: number }>>(
    `select r.id from bookable_resource r join resource_service rs on rs.bookable_resource_id = r.id
      where rs.service_definition_id = ? and r.active
      order by (select count(*) from booking b where b.resource_id = r.id and b.status in ('held', 'pending_confirmation', 'confirmed', 'checked_in')
                  and b.start_at >= ?::timestamptz - interval '12 hours' and b.start_at < ?::timestamptz + interval '12 hours'), r.id`,
    [service.id, start, start],
  );
  return tx.find(BookableResource, { id: { $in: rows.map((row) => row.id) } }).then((found) => rows.map((row) => found.find((each) => each.id === row.id)!));
}

/**
 * Holds a slot for a customer for `holdMinutes`: the booking and its resource's time, under the
 * exclusion constraint, so of any number of concurrent holds on overlapping times one wins and
 * the others get 409 `slot_unavailable` with alternatives. A start sooner than the notice, beyond
 * the window or off the grid is refused by rule (422). "Anyone" tries each qualified resource, the
 * least booked first. A customer holds one slot at a time: an earlier hold is let go.
 */
export async function holdSlot(tx: EntityManager, input: HoldInput, actor: Actor, now: Date): Promise<BookingView> {
  const service = await findService(tx, input.sku);
  const code = input.resourceId === undefined ? input.resource : (await tx.findOne(BookableResource, { id: input.resourceId }))?.code ?? `#${input.resourceId}`;
  const resources = await qualified(tx, service, input.start, code);
  if (resources.length === 0) throw new AppError('rule_violation', `Nobody gives ${input.sku} yet`, { sku: input.sku });
  const calendars = await Promise.all(resources.map((resource) => calendarOf(tx, resource)));
  const refusals = calendars.map((calendar) => slotRefusal(rulesOf(service), calendar, input.start, now));
  if (refusals.every((refusal) => refusal !== null)) refuseByRule(refusals[0]!, service);
  const earlier = await tx.execute<Array<{ id: number }>>(`update booking set status = 'expired', version = version + 1 where customer_id = ? and status = 'held' returning id`, [input.customerId]);
  await letGo(tx, earlier.map((row) => row.id));
  const number = await nextDocumentNumber(tx, 'booking_number_seq', 'BK');
  const end = new Date(input.start.getTime() + service.durationMinutes * 60_000);
  for (const [index, resource] of resources.entries()) {
    if (refusals[index] !== null) continue;
    const booking = tx.create(Booking, {
      number, customer: input.customerId, service, resource, startAt: input.start, endAt: end, status: 'held',
      holdExpiresAt: new Date(now.getTime() + holdMinutes * 60_000), channel: input.channel, cancelReason: null,
    });
    await tx.flush();
    if (await takeTime(tx, booking, service) || (await expireHolds(tx, now) > 0 && await takeTime(tx, booking, service))) {
      audit(tx, actor, { entityType: 'booking', entityId: number, action: 'booking.held', after: { start: input.start.toISOString(), resource: resource.code } });
      await tx.flush();
      return bookingView(tx, booking);
    }
    await tx.nativeDelete(Booking, { id: booking.id });
    tx.getUnitOfWork().unsetIdentity(booking);
  }
  throw await taken(tx, input.sku, input.start, now, resources[0]!.timeZone, code);
}

