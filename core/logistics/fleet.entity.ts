import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Warehouse } from '../inventory/index.ts';
import { StaffMember } from '../staff/index.ts';
import { Shipment } from './carrier.entity.ts';

/** A van of the own fleet: what it carries (grams), where it loads (its depot warehouse), its working hours and who drives it. */
export const FleetVehicle = defineEntity({
  name: 'FleetVehicle',
  tableName: 'vehicle',
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().length(32).unique(),
    name: p.string().length(100),
    capacityGrams: p.integer(),
    warehouse: () => p.manyToOne(Warehouse),
    driver: () => p.manyToOne(StaffMember).nullable().deleteRule('set null'),
    /** Working hours, wall clock minutes (09:00–18:00 by default): each trip is back at the depot by the end. */
    shiftStartMinute: p.integer().default(540),
    shiftEndMinute: p.integer().default(1080),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [
    { name: 'vehicle_capacity_positive', expression: 'capacity_grams > 0' },
    { name: 'vehicle_shift', expression: 'shift_start_minute >= 0 and shift_end_minute <= 1440 and shift_end_minute > shift_start_minute' },
  ],
});

export type FleetVehicle = InferEntity<typeof FleetVehicle>;

/** One vehicle's route of one business day; `version` rises each time its stops change (the driver is sent the new list). */
export const DeliveryRoute = defineEntity({
  name: 'DeliveryRoute',
  tableName: 'delivery_route',
  properties: {
    id: p.integer().primary().autoincrement(),
    date: p.string().columnType('date'),
    vehicle: () => p.manyToOne(FleetVehicle),
    driver: () => p.manyToOne(StaffMember).nullable().deleteRule('set null'),
    version: p.integer().default(1),
    distanceKm: p.double().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ name: 'delivery_route_day_unique', properties: ['date', 'vehicle'] }],
});

export type DeliveryRoute = InferEntity<typeof DeliveryRoute>;

export const stopStatuses = ['pending', 'arrived', 'delivered', 'failed'] as const;
export type StopStatus = (typeof stopStatuses)[number];

/** A parcel on a route, in visiting order; once arrived at, delivered or failed it never moves again. */
export const RouteStop = defineEntity({
  name: 'RouteStop',
  tableName: 'route_stop',
  properties: {
    id: p.integer().primary().autoincrement(),
    route: () => p.manyToOne(DeliveryRoute).deleteRule('cascade'),
    shipment: () => p.manyToOne(Shipment).deleteRule('cascade'),
    sequence: p.integer(),
    status: p.enum(stopStatuses).default('pending'),
    doneAt: p.datetime().nullable(),
    reason: p.string().length(200).nullable(),
  },
  indexes: [
    { name: 'route_stop_route_index', properties: ['route'] },
    // A parcel is on one route at a time; after a failed attempt it may be planned again another day.
    { name: 'route_stop_open_unique', expression: `create unique index "route_stop_open_unique" on "route_stop" ("shipment_id") where status in ('pending', 'arrived')` },
  ],
});

export type RouteStop = InferEntity<typeof RouteStop>;
