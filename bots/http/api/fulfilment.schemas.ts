import { z } from 'zod';
import { businessDateTime } from './dates.ts';
import { addressSchema, sku } from './schemas.ts';
import { shortPickChoices } from '../../../core/fulfilment/index.ts';

const code = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dash and underscore');
const orderNumber = z.string().regex(/^SO-\d{8}-\d{6,}$/, 'an order number such as SO-20261122-000001');

export const pickListCreateSchema = z.object({
  warehouse: code.optional(),
  orders: z.array(orderNumber).min(1).max(100).optional(),
  maxOrders: z.number().int().min(1).max(100).optional(),
}).strict();
export const pickListNumber = z.string().regex(/^PL-\d{6,}$/, 'a pick list number such as PL-000001');
export const scanSchema = z.object({
  barcode: z.string().trim().min(1).max(64),
  quantity: z.number().int().min(1).max(1000).optional(),
}).strict();
/** A picker's report: units of a SKU not on the shelf (name the order when the list has the SKU for several). */
export const shortReportSchema = z.object({
  sku,
  order: orderNumber.optional(),
  missing: z.number().int().min(1).max(100_000),
}).strict();
/** Staff decide about units reported missing. */
export const shortDecisionSchema = z.object({
  order: orderNumber,
  sku,
  choice: z.enum(shortPickChoices).describe('`backorder`: wait for stock and ship later as its own parcel; `ship_partial`: ship without them (cancelled, refunded if paid); `cancel_line`: cancel the whole line (found units go back to stock; refunded if paid)'),
}).strict();
/** A parcel handed to a carrier by hand: which carrier, and the tracking number from its waybill. */
export const shipmentCreateSchema = z.object({
  carrier: code.optional(),
  trackingNumber: z.string().trim().min(4).max(64).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and dashes').optional(),
}).strict();
export const reattemptSchema = z.object({ date: z.iso.date(), address: addressSchema.optional() }).strict();
export const returnToSenderSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export const binSchema = z.object({ warehouse: code.optional(), sku, bin: z.string().trim().min(1).max(32) }).strict();

export const carrierSetupSchema = z.object({
  name: z.string().trim().min(1).max(100),
  nameZh: z.string().trim().max(100).optional(),
  onTimeRate: z.number().min(0).max(1).optional(),
  webhookSecret: z.string().min(16).max(200).optional(),
  trackingSlug: z.string().trim().min(1).max(64).regex(/^[a-z0-9-]+$/, 'the aggregator\'s courier code, such as sf-express').optional(),
  ownFleet: z.boolean().optional().describe('The shop\'s own vans: parcels booked in-house, delivered on planned routes by its drivers'),
  services: z.array(z.object({
    code,
    name: z.string().trim().min(1).max(100),
    nameZh: z.string().trim().max(100).optional(),
    transitDays: z.number().int().min(0).max(60),
    cutoffHour: z.number().int().min(0).max(23).optional(),
    supportsCod: z.boolean().optional(),
    codFeeMinor: z.number().int().min(0).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    regions: z.array(z.string().trim().min(1).max(100)).min(1).max(500),
    weightBands: z.array(z.object({ maxGrams: z.number().int().positive(), priceMinor: z.number().int().min(0) }).strict()).min(1).max(50),
  }).strict()).min(1).max(20),
}).strict();

export const carrierEventsSchema = z.object({
  events: z.array(z.object({
    id: z.string().min(1).max(100),
    trackingNumber: z.string().min(1).max(64),
    status: z.enum(['in_transit', 'out_for_delivery', 'delivered', 'failed']),
    description: z.string().max(500).optional(),
    occurredAt: businessDateTime,
  }).strict()).min(1).max(500),
}).strict();
export { orderNumber, code as carrierCode };
