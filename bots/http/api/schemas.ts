import { z } from 'zod';
import { businessDate, businessDateTime } from './dates.ts';
import { productKinds, replenishments } from '../../../core/catalog/index.ts';
import { orderChannels, orderStatuses, paymentMethods } from '../../../core/orders/index.ts';

/** Request and response shapes of REST API v1. They validate requests and generate the OpenAPI document. */

export const sku = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore');
const currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY');
const minor = z.number().int().min(0).max(2_000_000_000);
export const quantity = z.number().int().positive().max(1_000_000);

export const productCreateSchema = z.object({
  sku,
  name: z.string().trim().min(1).max(200),
  nameZh: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(4000).optional(),
  descriptionZh: z.string().max(4000).optional(),
  priceMinor: minor,
  currency,
  barcode: z.string().regex(/^[0-9A-Za-z-]{4,32}$/).optional(),
  weightGrams: z.number().int().min(0).max(10_000_000).optional(),
  kind: z.enum(productKinds).optional(),
  category: z.string().trim().min(1).max(100).optional(),
  aliases: z.string().trim().min(1).max(500).optional().describe('Other names shoppers use, comma-separated, either language (dragon well, 龙井茶): the chat finds the product by them'),
  active: z.boolean().optional(),
  allowBackorder: z.boolean().optional().describe('Accept orders beyond stock: the units short are backordered and reserved, oldest order first, as stock arrives'),
  replenishment: z.enum(replenishments).optional().describe('make_to_order: units not in stock when ordered are made for the order (a production order by the active BOM)'),
  backorderExpectedAt: businessDate.nullable().optional().describe('When backordered units are expected (told to the customer)'),
}).strict();

export const productPatchSchema = productCreateSchema.omit({ sku: true }).partial().strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field to change' });

export const productSchema = productCreateSchema.required({ nameZh: true }).extend({
  nameZh: z.string().nullable(), description: z.string().nullable(), descriptionZh: z.string().nullable(),
  barcode: z.string().nullable(), category: z.string().nullable(), aliases: z.string().nullable(), weightGrams: z.number().int(), kind: z.enum(productKinds), active: z.boolean(),
  allowBackorder: z.boolean(), backorderExpectedAt: z.string().nullable(), replenishment: z.enum(replenishments),
});

export const quantityRuleSchema = z.object({
  minimum: z.number().int().min(1).max(1_000_000),
  increment: z.number().int().min(1).max(1_000_000).describe('The case pack: quantities go in steps of it'),
  maximum: z.number().int().min(1).max(1_000_000).nullable().optional(),
}).strict();

export const adjustmentSchema = z.object({
  warehouse: z.string().trim().min(1).max(32).optional(),
  sku,
  delta: z.number().int().min(-1_000_000).max(1_000_000).refine((delta) => delta !== 0, 'not 0').describe('Units to add (positive) or remove (negative)'),
  reason: z.string().trim().min(1).max(500),
}).strict();

export const receiptSchema = z.object({
  warehouse: z.string().trim().min(1).max(32).optional(),
  reference: z.string().trim().min(1).max(100).optional(),
  lines: z.array(z.object({ sku, quantity }).strict()).min(1).max(500),
}).strict();

export const inventoryQuerySchema = z.object({ sku: sku.optional() });

export const stockSchema = z.object({ warehouse: z.string(), sku: z.string(), onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() });

/** Most lines one order may have. */
export const maxOrderLines = 500;

export const addressSchema = z.object({
  line1: z.string().trim().min(1).max(300),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code such as CN'),
  /** Where to deliver, when known: the nearest warehouse that has everything ships it. */
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
}).strict().refine((address) => (address.latitude === undefined) === (address.longitude === undefined), { message: 'give both latitude and longitude, or neither' });

export const orderCreateSchema = z.object({
  customer: z.object({
    name: z.string().trim().min(1).max(200),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,40}$/, 'a phone number').optional(),
    email: z.email().max(200).optional(),
    externalId: z.string().trim().min(1).max(150).optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
  }).strict(),
  lines: z.array(z.object({ sku, quantity, expectedPriceMinor: minor.optional() }).strict()).min(1).max(maxOrderLines),
  shippingAddress: addressSchema.optional(),
  paymentMethod: z.enum(paymentMethods),
  notes: z.string().max(2000).optional(),
  customerPoRef: z.string().trim().min(1).max(100).optional(),
}).strict();

export const orderCancelSchema = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();
export const orderRejectSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const orderListQuerySchema = z.object({
  status: z.enum(orderStatuses).optional(),
  customer: z.coerce.number().int().positive().optional(),
  channel: z.enum(orderChannels).optional(),
  from: businessDateTime.or(businessDate).optional(),
  to: businessDateTime.or(businessDate).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
}).strict();

const units = z.number().int().min(0);
const orderLineView = z.object({
  sku: z.string(), name: z.string(), quantity: z.number().int(), unitPriceMinor: z.number().int(), lineTotalMinor: z.number().int(),
  reserved: units.describe('Units held at the warehouse for this order (picked ones included)'), shipped: units,
  backordered: units.describe('Units waiting for stock'), cancelled: units,
});

export const orderSchema = z.object({
  number: z.string(), status: z.enum(orderStatuses), channel: z.enum(orderChannels),
  subtotalMinor: z.number().int(), shippingMinor: z.number().int(), totalMinor: z.number().int(), currency: z.string(),
  lines: z.array(orderLineView), flags: z.array(z.string()), approvalReasons: z.array(z.string()),
  paymentMethod: z.enum(paymentMethods), paymentStatus: z.string(), shippingAddress: addressSchema.nullable(),
  notes: z.string().nullable(), statusReason: z.string().nullable(), placedAt: z.string(), promisedAt: z.string().nullable(), version: z.number().int(),
  account: z.string().nullable(), paymentTerms: z.string().nullable(), paymentDueAt: z.string().nullable(), customerPoRef: z.string().nullable(),
});

export const orderDetailSchema = orderSchema.extend({
  customer: z.object({ id: z.number().int(), name: z.string() }),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), actor: z.string(), from: z.unknown(), to: z.unknown(), reason: z.unknown() })),
  production: z.array(z.object({ sku: z.string(), made: z.number().int(), planned: z.number().int() })).describe('Made to order: production not finished yet, and how far it is'),
});

export const orderPageSchema = z.object({ items: z.array(orderSchema), nextCursor: z.string().nullable() });

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
