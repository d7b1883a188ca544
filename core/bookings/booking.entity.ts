import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { Customer } from '../customers/customer.entity.ts';
import { Warehouse } from '../inventory/index.ts';
import { Order } from '../orders/index.ts';

export const resourceKinds = ['staff', 'room', 'equipment'] as const;
export const bookingStatuses = ['held', 'pending_confirmation', 'confirmed', 'checked_in', 'completed', 'cancelled', 'expired', 'no_show'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
/** Statuses in which a booking takes its resource's time (its `booking_resource` rows are active). */
export const activeBookingStatuses: readonly BookingStatus[] = ['held', 'pending_confirmation', 'confirmed', 'checked_in'];

/** How a service product is booked: its length, buffers, slot grid, notice, advance window and the customer's windows to cancel or move. */
export const ServiceDefinition = defineEntity({
  name: 'ServiceDefinition',
  tableName: 'service_definition',
  properties: {
    id: p.integer().primary().autoincrement(),
    product: () => p.manyToOne(Product).unique('service_definition_product_unique'),
    durationMinutes: p.integer(),
    bufferBeforeMinutes: p.integer().default(0),
    bufferAfterMinutes: p.integer().default(0),
    slotIntervalMinutes: p.integer().default(15),
    minNoticeMinutes: p.integer().default(60),
    maxAdvanceDays: p.integer().default(60),
    cancelNoticeMinutes: p.integer().default(1440),
    rescheduleNoticeMinutes: p.integer().default(1440),
    noShowGraceMinutes: p.integer().default(15),
    /** No-shows in 90 days from which a customer's next bookings wait for staff to confirm them. */
    noShowLimit: p.integer().default(2),
    /** A consumable short at confirmation: `block` refuses the booking, `allow` books it and alerts ops once. */
    consumableShortage: p.enum(['block', 'allow'] as const).default('block'),
    /** Every booking of it waits for staff to confirm it (`pending_confirmation`, a card in the approvals channel). */
    requiresConfirmation: p.boolean().default(false),
  },
  checks: [{ name: 'service_definition_minutes', expression: 'duration_minutes > 0 and buffer_before_minutes >= 0 and buffer_after_minutes >= 0 and slot_interval_minutes > 0 and min_notice_minutes >= 0 and max_advance_days > 0 and cancel_notice_minutes >= 0 and reschedule_notice_minutes >= 0 and no_show_grace_minutes >= 0' }],
});

export type ServiceDefinition = InferEntity<typeof ServiceDefinition>;

/** Someone or something a service needs, with its own time zone (IANA) and the services it gives. */
export const BookableResource = defineEntity({
  name: 'BookableResource',
  tableName: 'bookable_resource',
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().length(32).unique(),
    name: p.string().length(200),
    kind: p.enum(resourceKinds).default('staff'),
    timeZone: p.string().length(64),
    active: p.boolean().default(true),
    services: () => p.manyToMany(ServiceDefinition).pivotTable('resource_service').owner(),
  },
});

export type BookableResource = InferEntity<typeof BookableResource>;

/** One working interval of a weekday (0 = Sunday), wall clock at the resource; gaps between intervals are breaks. */
export const WorkingHours = defineEntity({
  name: 'WorkingHours',
  tableName: 'working_hours',
  properties: {
    id: p.integer().primary().autoincrement(),
    resource: () => p.manyToOne(BookableResource).deleteRule('cascade'),
    weekday: p.integer(),
    startMinute: p.integer(),
    endMinute: p.integer(),
  },
  checks: [{ name: 'working_hours_range', expression: 'weekday >= 0 and weekday <= 6 and start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute' }],
});

export type WorkingHours = InferEntity<typeof WorkingHours>;

/** A dated exception: `closed` (time off; all day without times) or `open` (these hours instead of the week's). */
export const AvailabilityException = defineEntity({
  name: 'AvailabilityException',
  tableName: 'availability_exception',
  properties: {
    id: p.integer().primary().autoincrement(),
    resource: () => p.manyToOne(BookableResource).deleteRule('cascade'),
    localDate: p.date(),
    kind: p.enum(['open', 'closed'] as const),
    startMinute: p.integer().nullable(),
    endMinute: p.integer().nullable(),
    reason: p.string().length(500).nullable(),
  },
  checks: [{ name: 'availability_exception_range', expression: '(start_minute is null and end_minute is null and kind = \'closed\') or (start_minute >= 0 and end_minute <= 1440 and start_minute < end_minute)' }],
});

export type AvailabilityException = InferEntity<typeof AvailabilityException>;

/**
 * A customer's time with a resource for a service (`BK-000001`, kept across reschedules; every
 * change raises `version`, so buttons of an older version are refused). Its resource's time is
 * taken by `booking_resource` rows, which an exclusion constraint keeps from overlapping.
 */
export const Booking = defineEntity({
  name: 'Booking',
  tableName: 'booking',
  properties: {
    id: p.integer().primary().autoincrement(),
    number: p.string().length(20).unique(),
    customer: () => p.manyToOne(Customer),
    service: () => p.manyToOne(ServiceDefinition),
    resource: () => p.manyToOne(BookableResource),
    startAt: p.datetime(),
    endAt: p.datetime(),
    status: p.enum(bookingStatuses),
    holdExpiresAt: p.datetime().nullable(),
    version: p.integer().default(1),
    channel: p.string().length(20),
    cancelReason: p.string().length(500).nullable(),
    /** Where its consumables are reserved and taken from. */
    warehouse: () => p.manyToOne(Warehouse).nullable(),
    /** Booked although a consumable was short (`allow`): ops were told. */
    suppliesShort: p.boolean().default(false),
    noShowAt: p.datetime().nullable(),
    /** When the customer said they will come (a reminder's button); cleared when the booking moves. */
    attendanceConfirmedAt: p.datetime().nullable(),
    /** The order that prices it (placed at confirmation): cancelled with the booking, completed with it. */
    order: () => p.manyToOne(Order).nullable().unique('booking_order_id_unique').deleteRule('set null'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ name: 'booking_customer_index', properties: ['customer'] }, { name: 'booking_start_index', properties: ['startAt'] }],
  checks: [{ name: 'booking_range', expression: 'end_at > start_at' }],
});

export type Booking = InferEntity<typeof Booking>;

/**
 * The time a booking takes from its resource, buffers included, `[from, to)`: back-to-back
 * bookings meet without overlapping. Active while the booking is; the exclusion constraint
 * `booking_resource_no_overlap` (btree_gist) refuses two active rows of one resource that
 * overlap, whoever writes them, raw SQL included.
 */
export const BookingResource = defineEntity({
  name: 'BookingResource',
  tableName: 'booking_resource',
  properties: {
    id: p.integer().primary().autoincrement(),
    booking: () => p.manyToOne(Booking).deleteRule('cascade'),
    resource: () => p.manyToOne(BookableResource),
    blockedRange: p.string().columnType('tstzrange'),
    active: p.boolean().default(true),
  },
  indexes: [{ name: 'booking_resource_booking_index', properties: ['booking'] }],
  checks: [{ name: 'booking_resource_no_overlap', expression: 'exclude using gist (resource_id with =, blocked_range with &&) where (active)' }],
});

export type BookingResource = InferEntity<typeof BookingResource>;

/** What a service uses up each time, in the product's base unit (2 gloves, 10 ml of gel). */
export const ServiceConsumable = defineEntity({
  name: 'ServiceConsumable',
  tableName: 'service_consumable',
  properties: {
    id: p.integer().primary().autoincrement(),
    service: () => p.manyToOne(ServiceDefinition).deleteRule('cascade'),
    product: () => p.manyToOne(Product),
    quantity: p.integer(),
  },
  uniques: [{ name: 'service_consumable_unique', properties: ['service', 'product'] }],
  checks: [{ name: 'service_consumable_quantity_positive', expression: 'quantity > 0' }],
});

export type ServiceConsumable = InferEntity<typeof ServiceConsumable>;

/** One consumable of one booking: planned, still reserved for it, and used at completion. */
export const BookingConsumable = defineEntity({
  name: 'BookingConsumable',
  tableName: 'booking_consumable',
  properties: {
    id: p.integer().primary().autoincrement(),
    booking: () => p.manyToOne(Booking).deleteRule('cascade'),
    product: () => p.manyToOne(Product),
    sku: p.string().length(64),
    planned: p.integer(),
    reserved: p.integer(),
    consumed: p.integer().default(0),
  },
  uniques: [{ name: 'booking_consumable_unique', properties: ['booking', 'product'] }],
  checks: [{ name: 'booking_consumable_quantities', expression: 'planned > 0 and reserved >= 0 and reserved <= planned and consumed >= 0' }],
});

export type BookingConsumable = InferEntity<typeof BookingConsumable>;
