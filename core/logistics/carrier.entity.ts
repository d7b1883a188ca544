import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Order } from '../orders/index.ts';
import { Warehouse } from '../inventory/index.ts';

/** A carrier the shop ships with. `onTimeRate` is measured from delivered shipments. */
export const Carrier = defineEntity({
  name: 'Carrier',
  tableName: 'carrier',
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().length(32).unique(),
    name: p.string().length(100),
    nameZh: p.string().length(100).nullable(),
    /** Share of shipments delivered by their estimate (0–1); weighs the choice. */
    onTimeRate: p.double().default(0.95),
    /** HMAC-SHA256 secret the carrier signs its tracking webhooks with (never returned by the API). */
    webhookSecret: p.string().length(200).nullable(),
    /** The tracking aggregator's code for this courier (`sf-express`): its parcels are followed there. */
    trackingSlug: p.string().length(64).nullable(),
    /** The shop's own vans: parcels are booked in-house and delivered by its drivers on planned routes. */
    ownFleet: p.boolean().default(false),
    active: p.boolean().default(true),
  },
});

/** One service level of a carrier: where it goes, how fast, what it costs by weight, COD or not. */
export const CarrierService = defineEntity({
  name: 'CarrierService',
  tableName: 'carrier_service',
  properties: {
    id: p.integer().primary().autoincrement(),
    carrier: () => p.manyToOne(Carrier),
    code: p.string().length(32),
    name: p.string().length(100),
    nameZh: p.string().length(100).nullable(),
    transitDays: p.integer(),
    /** Orders handed over after this local hour leave the next day. */
    cutoffHour: p.integer().default(17),
    supportsCod: p.boolean().default(false),
    codFeeMinor: p.bigint('number').default(0),
    currency: p.string().length(3).default('CNY'),
    /** Cities or regions served; `*` for everywhere. */
    regions: p.json<string[]>(),
    /** Price by weight: the first band whose `maxGrams` covers the parcel. */
    weightBands: p.json<Array<{ maxGrams: number; priceMinor: number }>>(),
    active: p.boolean().default(true),
  },
  uniques: [{ name: 'carrier_service_code_unique', properties: ['carrier', 'code'] }],
});

/** `returned`: sent back to the shop after the last failed delivery attempt. */
export const shipmentStatuses = ['label_created', 'in_transit', 'out_for_delivery', 'delivered', 'failed', 'returned'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

/** A parcel handed to a carrier for (part of) an order. */
export const Shipment = defineEntity({
  name: 'Shipment',
  tableName: 'shipment',
  properties: {
    id: p.integer().primary().autoincrement(),
    order: () => p.manyToOne(Order),
    /** The warehouse the parcel leaves from: each warehouse's part of an order is its own parcel. */
    warehouse: () => p.manyToOne(Warehouse).nullable(),
    service: () => p.manyToOne(CarrierService),
    trackingNumber: p.string().length(64),
    status: p.enum(shipmentStatuses).default('label_created'),
    weightGrams: p.integer(),
    priceMinor: p.bigint('number'),
    currency: p.string().length(3),
    /** Why this carrier: one sentence, in English and Chinese. */
    choiceReason: p.text(),
    choiceReasonZh: p.text(),
    /** What the carrier returned for the label (format, reference, routing code). */
    label: p.json<Record<string, unknown>>(),
    estimatedDelivery: p.string().length(10),
    createdAt: p.datetime().onCreate(() => new Date()),
    deliveredAt: p.datetime().nullable(),
    /** Failed delivery attempts so far; at DELIVERY_ATTEMPTS the parcel goes back to the shop. */
    failedAttempts: p.integer().default(0),
    /** When the tracking aggregator took the parcel (a manual carrier's parcels are followed there). */
    trackingRegisteredAt: p.datetime().nullable(),
    /** Cash the carrier collects with this parcel (its units, plus the delivery fee with the order's last); null when not cash on delivery. */
    codMinor: p.bigint('number').nullable(),
  },
  uniques: [{ name: 'shipment_tracking_unique', properties: ['service', 'trackingNumber'] }],
  indexes: [{ name: 'shipment_open_index', properties: ['status'] }],
});

/** A tracking event, applied once (unique per shipment and the carrier's event id). */
export const ShipmentEvent = defineEntity({
  name: 'ShipmentEvent',
  tableName: 'shipment_event',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    shipment: () => p.manyToOne(Shipment),
    externalId: p.string().length(100),
    status: p.enum(shipmentStatuses),
    description: p.text().nullable(),
    occurredAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ name: 'shipment_event_external_unique', properties: ['shipment', 'externalId'] }],
});

export type Carrier = InferEntity<typeof Carrier>;
export type CarrierService = InferEntity<typeof CarrierService>;
export type Shipment = InferEntity<typeof Shipment>;
export type ShipmentEvent = InferEntity<typeof ShipmentEvent>;
