import { z } from 'zod';
import type { BookingService } from '../../../core/bookings/index.ts';
import { bookingStatuses, resourceKinds } from '../../../core/bookings/index.ts';
import { operation, type Operation } from './operation.ts';
import { businessDate, businessDateTime } from './dates.ts';
import { sku } from './schemas.ts';

const tag = 'Bookings';
const minutes = (max: number) => z.number().int().min(0).max(max);
const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a wall-clock time, HH:MM');
const code = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore');
const number = { number: z.string().regex(/^BK-\d{6,}$/, 'a booking number, BK-000001').meta({ examples: ['BK-000001'] }) };
const serviceSchema = z.object({
  durationMinutes: z.number().int().min(5).max(1440), bufferBeforeMinutes: minutes(240).optional(), bufferAfterMinutes: minutes(240).optional(),
  slotIntervalMinutes: z.number().int().min(5).max(240).optional(), minNoticeMinutes: minutes(60 * 24 * 30).optional(), maxAdvanceDays: z.number().int().min(1).max(730).optional(),
  cancelNoticeMinutes: minutes(60 * 24 * 30).optional(), rescheduleNoticeMinutes: minutes(60 * 24 * 30).optional(), noShowGraceMinutes: minutes(240).optional(),
  noShowLimit: z.number().int().min(1).max(100).optional().describe('No-shows in 90 days from which staff confirm the customer\'s bookings'),
  consumableShortage: z.enum(['block', 'allow']).optional().describe('A consumable short at confirmation: block the booking, or book it and alert ops'),
  requiresConfirmation: z.boolean().optional().describe('Every booking waits for staff to confirm it (a card in the approvals channel)'),
  consumables: z.array(z.object({ sku, quantity: z.number().int().positive().max(1_000_000) }).strict()).max(50).optional().describe('What one booking uses up (replaces the list)'),
}).strict();
const resourceSchema = z.object({
  code, name: z.string().trim().min(1).max(200), kind: z.enum(resourceKinds).optional(),
  timeZone: z.string().min(1).max(64).describe('IANA time zone of the resource, e.g. Asia/Shanghai'), services: z.array(sku).min(1).max(100),
  hours: z.array(z.object({ weekday: z.number().int().min(0).max(6).describe('0 = Sunday'), start: clock, end: clock }).strict()).max(100),
}).strict();
const bookingSchema = z.object({
  number: z.string(), sku: z.string(), service: z.string(), resource: z.string(), status: z.enum(bookingStatuses), startAt: z.string(), endAt: z.string(),
  localDate: z.string(), localTime: z.string(), timeZone: z.string(), holdExpiresAt: z.string().nullable(), version: z.number().int(),
  order: z.string().nullable().describe('The order that prices the booking, placed when it is confirmed (cancelled or completed with it)'),
  priceMinor: z.number().int(), currency: z.string(),
  attendanceConfirmedAt: z.string().nullable().describe('When the customer said they will come (a reminder\'s button)'),
});
const reason = z.string().trim().min(1).max(500).optional();

/** Bookings over the API: services and resources (admin), slots, and a booking's life from hold to cancel. */
export function bookingOperations(bookings: BookingService): Operation[] {
  return [
    operation({
      method: 'put', path: '/bookable-services/:sku', tag, summary: 'Make a service product bookable, or change how', permission: 'booking.admin',
      params: { sku: sku.meta({ examples: ['MASSAGE-60'] }) }, body: serviceSchema, example: { durationMinutes: 60, bufferAfterMinutes: 15, minNoticeMinutes: 120, cancelNoticeMinutes: 1440 },
      response: z.object({ sku: z.string() }), errors: ['not_found', 'rule_violation'],
      handle: ({ params, body, caller }) => bookings.defineService({ sku: params.sku, ...body }, caller.actor),
    }),
    operation({
      method: 'post', path: '/resources', tag, summary: 'A bookable resource (staff, room, equipment) with its time zone, services and week', permission: 'booking.admin',
      body: resourceSchema, status: 201, example: { code: 'WANG', name: 'Wang Fang', timeZone: 'Asia/Shanghai', services: ['MASSAGE-60'], hours: [{ weekday: 1, start: '09:00', end: '12:00' }, { weekday: 1, start: '13:00', end: '18:00' }] },
      response: z.object({ code: z.string() }), errors: ['not_found', 'already_exists', 'rule_violation'],
      handle: ({ body, caller }) => bookings.createResource(body, caller.actor),
    }),
    operation({
      method: 'post', path: '/resources/:code/exceptions', tag, summary: 'Time off (closed) or special hours (open) on a date', permission: 'booking.admin',
      description: 'Refused with 422 `rule_violation` naming the bookings (`details.bookings`) that would fall outside the hours: move or cancel them first.',
      params: { code: code.meta({ examples: ['WANG'] }) }, body: z.object({ date: businessDate, kind: z.enum(['open', 'closed']), start: clock.optional(), end: clock.optional(), reason }).strict(),
      example: { date: '2026-12-24', kind: 'closed', reason: 'Holiday' }, status: 201, response: z.object({ resource: z.string(), date: z.string(), kind: z.string() }), errors: ['not_found', 'rule_violation'],
      handle: async ({ params, body, caller }) => {
        await bookings.addException(params.code, body, caller.actor);
        return { resource: params.code, date: body.date, kind: body.kind };
      },
    }),
    operation({
      method: 'get', path: '/bookable-services/:sku/slots', tag, summary: 'Free slots between two dates (the resources\' local dates; at most 31 days)', permission: 'booking.place',
      params: { sku: sku.meta({ examples: ['MASSAGE-60'] }) }, query: z.object({ from: businessDate.optional().describe('Default: today'), to: businessDate.optional().describe('Default: a week from `from`'), resource: code.optional() }).strict(),
      response: z.object({ items: z.array(z.object({ resource: z.number().int(), start: z.string(), end: z.string(), localDate: z.string(), localTime: z.string() })) }), errors: ['not_found'],
      handle: async ({ params, query, caller }) => ({
        items: (await bookings.slots(params.sku, query.from, query.to, query.resource, caller.actor)).slice(0, 500)
          .map((slot) => ({ resource: slot.resourceId, start: slot.start.toISOString(), end: slot.end.toISOString(), localDate: slot.localDate, localTime: slot.localTime })),
      }),
    }),
    operation({
      method: 'post', path: '/bookings', tag, summary: 'Hold a slot for a customer (10 minutes)', permission: 'booking.place',
      description: 'Of concurrent holds on overlapping times one wins; the others get 409 `slot_unavailable` with `details.alternatives`. Sooner than the notice: 422 `notice_period`; beyond the window: 422 `too_far_ahead`; off the grid or outside hours: 422 `rule_violation`.',
      body: z.object({ sku, start: businessDateTime, resource: code.optional().describe('A resource code; absent: anyone who gives the service'), customer: z.object({ externalId: z.string().trim().min(1).max(100), name: z.string().trim().min(1).max(200), phone: z.string().max(40).optional() }).strict() }).strict(),
      example: { sku: 'MASSAGE-60', start: '2026-12-10T02:00:00Z', resource: 'WANG', customer: { externalId: 'crm-4711', name: 'Li Wei' } }, status: 201, response: bookingSchema,
      errors: ['not_found', 'slot_unavailable', 'notice_period', 'too_far_ahead', 'rule_violation'],
      handle: ({ body, caller }) => bookings.hold({ ...body, start: new Date(body.start), channel: 'api' }, caller.actor),
    }),
    operation({
      method: 'get', path: '/bookings/:number', tag, summary: 'A booking', permission: 'booking.place', params: number, response: bookingSchema, errors: ['not_found'],
      handle: ({ params, caller }) => bookings.get(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/bookings/:number/confirm', tag, summary: 'Confirm a hold (once; an expired hold is taken again when still free)', permission: 'booking.place',
      params: number, response: bookingSchema, errors: ['not_found', 'slot_unavailable', 'invalid_transition'],
      handle: ({ params, caller }) => bookings.confirm(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/bookings/:number/cancel', tag, summary: 'Cancel a booking (customers until the service\'s notice; staff with a reason after)', permission: 'booking.place',
      params: number, body: z.object({ reason }).strict(), optionalBody: true, example: { reason: 'Feeling unwell' }, response: bookingSchema, errors: ['not_found', 'cancellation_window', 'invalid_transition'],
      handle: ({ params, body, caller }) => bookings.cancel(params.number, caller.actor, body.reason),
    }),
    operation({
      method: 'post', path: '/bookings/:number/approve', tag, summary: 'Confirm a booking that waits for staff', permission: 'booking.desk',
      params: number, response: bookingSchema, errors: ['not_found', 'invalid_transition', 'insufficient_stock'],
      handle: ({ params, caller }) => bookings.approve(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/bookings/:number/decline', tag, summary: 'Turn down a booking that waits for staff', permission: 'booking.desk',
      params: number, body: z.object({ reason: z.string().trim().min(1).max(500) }).strict(), example: { reason: 'Missed the last two visits' },
      response: bookingSchema, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, body, caller }) => bookings.decline(params.number, body.reason, caller.actor),
    }),
    operation({
      method: 'post', path: '/bookings/:number/check-in', tag, summary: 'The customer arrived', permission: 'booking.desk',
      params: number, response: bookingSchema, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, caller }) => bookings.checkIn(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/bookings/:number/complete', tag, summary: 'Done: what was used leaves stock (service_consume)', permission: 'booking.desk',
      params: number, body: z.object({ consumables: z.array(z.object({ sku, quantity: z.number().int().min(0).max(1_000_000) }).strict()).max(50).optional() }).strict(), optionalBody: true,
      example: { consumables: [{ sku: 'GEL-ML', quantity: 12 }] }, response: bookingSchema.extend({ consumed: z.record(z.string(), z.number().int()) }), errors: ['not_found', 'invalid_transition', 'insufficient_stock'],
      handle: ({ params, body, caller }) => bookings.complete(params.number, new Map((body.consumables ?? []).map((line) => [line.sku, line.quantity])), caller.actor),
    }),
    operation({
      method: 'post', path: '/bookings/:number/no-show', tag, summary: 'The customer did not come (after the grace period)', permission: 'booking.desk',
      params: number, response: bookingSchema, errors: ['not_found', 'invalid_transition', 'rule_violation'],
      handle: ({ params, caller }) => bookings.markNoShow(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/bookings/:number/reschedule', tag, summary: 'Move a booking, keeping its number', permission: 'booking.place',
      description: '`version` is the one you read: an older one gets 409 `concurrent_update`. The new time is checked like a new hold; the booking\'s own old time does not count against it. With `resource`, the booking moves to another resource that gives the service (reassigning it, say before time off; 422 `rule_violation` if it does not).',
      params: number, body: z.object({ start: businessDateTime, version: z.number().int().positive(), reason, resource: code.optional() }).strict(), example: { start: '2026-12-10T03:00:00Z', version: 2 },
      response: bookingSchema, errors: ['not_found', 'slot_unavailable', 'concurrent_update', 'cancellation_window', 'notice_period', 'too_far_ahead', 'invalid_transition', 'rule_violation'],
      handle: ({ params, body, caller }) => bookings.reschedule(params.number, new Date(body.start), body.version, caller.actor, body.reason, body.resource),
    }),
  ];
}
