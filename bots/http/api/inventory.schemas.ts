import { z } from 'zod';
import { businessDateTime } from './dates.ts';
import { abcClasses } from '../../../core/inventory/index.ts';
import { purchaseOrderStatuses } from '../../../core/procurement/index.ts';
import { quantity, sku } from './schemas.ts';

const code = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dash and underscore');
const lines = z.array(z.object({ sku, quantity }).strict()).min(1).max(500);
const count = z.number().int().min(0).max(10_000_000);

export const warehouseCreateSchema = z.object({
  code,
  name: z.string().trim().min(1).max(200),
  nameZh: z.string().trim().max(200).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
}).strict().refine((body) => (body.latitude === undefined) === (body.longitude === undefined), { message: 'give both latitude and longitude, or neither' });

export const transferCreateSchema = z.object({ from: code, to: code, lines }).strict();
export const transferNumber = z.string().regex(/^TR-\d{6,}$/, 'a transfer number such as TR-000001');

export const countOpenSchema = z.object({
  warehouse: code.optional(),
  skus: z.array(sku).min(1).max(1000).optional(),
  abcClass: z.enum(abcClasses).optional(),
}).strict().refine((body) => !(body.skus && body.abcClass), { message: 'choose SKUs or an ABC class, not both' });
export const countLinesSchema = z.object({ lines: z.array(z.object({ sku, counted: count }).strict()).min(1).max(1000) }).strict();
export const countId = z.coerce.number().int().positive();

export const reorderPolicySchema = z.object({
  warehouse: code.optional(),
  sku,
  reorderPoint: count,
  safetyStock: count.optional(),
  reorderQuantity: quantity.nullable().optional(),
  supplier: code.optional(),
  abcClass: z.enum([...abcClasses, 'auto']).optional().describe('Fix the class by hand, or `auto` to have the weekly run compute it from 90 days of sales value'),
  minOrderQuantity: quantity.optional().describe('Material planning buys at least this many'),
  orderMultiple: quantity.optional().describe('Material planning buys in multiples of this (a case, a drum)'),
}).strict();

export const supplierCreateSchema = z.object({
  code,
  name: z.string().trim().min(1).max(200),
  leadTimeDays: z.number().int().min(1).max(365).optional(),
  email: z.email().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
}).strict();

export const purchaseOrderCreateSchema = z.object({
  supplier: code,
  warehouse: code.optional(),
  lines,
  expectedAt: businessDateTime.optional(),
}).strict();
export const purchaseOrderNumber = z.string().regex(/^PO-\d{6,}$/, 'a purchase order number such as PO-000001');
export const purchaseOrderListSchema = z.object({ status: z.enum(purchaseOrderStatuses).optional() }).strict();
export const receiptLinesSchema = z.object({ lines }).strict();
