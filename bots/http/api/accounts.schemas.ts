import { z } from 'zod';
import { backorderPolicies, identityChannels, memberRoles, paymentTerms } from '../../../core/customers/index.ts';
import { businessDateTime } from './dates.ts';
import { sku } from './schemas.ts';

/** Request and response shapes of company accounts and price lists. */

const code = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore');
const currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY');
const minor = z.number().int().min(0).max(100_000_000_000);
const limit = minor.nullable().optional();

export const accountCreateSchema = z.object({
  code, name: z.string().trim().min(1).max(200), currency,
  priceList: code.nullable().optional(),
  paymentTerms: z.enum(paymentTerms).optional().describe('prepaid (default), net_7 … net_60 (due at the end of the business day N days after placing), due_on_fulfillment'),
  creditLimitMinor: limit.describe('Required for every terms but prepaid: orders beyond it wait on credit hold'),
  backorderPolicy: z.enum(backorderPolicies).optional(),
  creditHoldDays: z.number().int().min(1).max(90).optional().describe('Days an order may wait on credit hold before it is cancelled (default 7)'),
}).strict();

export const accountPatchSchema = accountCreateSchema.omit({ code: true, currency: true }).extend({ status: z.enum(['active', 'on_hold', 'closed']).optional() })
  .partial().strict().refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field to change' });

export const memberCreateSchema = z.object({
  channel: z.enum(identityChannels).describe('How the person is reached: telegram (their chat id), phone, email, webchat'),
  externalId: z.string().trim().min(1).max(150),
  name: z.string().trim().min(1).max(200),
  locale: z.enum(['zh-CN', 'en']).optional(),
  role: z.enum(memberRoles),
  orderLimitMinor: limit, monthlyLimitMinor: limit,
}).strict();

export const accountSchema = z.object({
  code: z.string(), name: z.string(), status: z.string(), currency: z.string(), priceList: z.string().nullable(), paymentTerms: z.string(),
  creditLimitMinor: z.number().int().nullable(), creditExposureMinor: z.number().int(), overdueOrders: z.number().int(), overdueMinor: z.number().int(),
  heldOrders: z.number().int(), backorderPolicy: z.string(), creditHoldDays: z.number().int(),
  members: z.array(z.object({
    id: z.number().int(), customerId: z.number().int(), name: z.string(), role: z.string(),
    orderLimitMinor: z.number().int().nullable(), monthlyLimitMinor: z.number().int().nullable(), active: z.boolean(),
  })),
});

export const memberKeySchema = z.object({ name: z.string().trim().max(100).optional() }).strict();
export const memberKeyCreatedSchema = z.object({ id: z.number().int(), name: z.string(), key: z.string() });

export const pricesQuerySchema = z.object({ sku: z.string().min(1).max(2000).optional().describe('Comma-separated SKUs; without it, every product the account\'s lists name') }).strict();
export const accountPricesSchema = z.object({
  items: z.array(z.object({ sku: z.string(), currency: z.string(), catalogueMinor: z.number().int(), tiers: z.array(z.object({ fromQuantity: z.number().int(), unitPriceMinor: z.number().int() })) })),
});

export const priceListCreateSchema = z.object({ code, name: z.string().trim().min(1).max(200), currency, parent: code.nullable().optional() }).strict();

export const priceItemSchema = z.object({
  sku: sku.optional(), category: z.string().trim().min(1).max(100).optional(),
  minQuantity: z.number().int().min(1).max(1_000_000).default(1),
  unitPriceMinor: minor.optional(), discountBasisPoints: z.number().int().min(0).max(10_000).optional().describe('500 = 5 % off the catalogue price, rounded half up'),
  validFrom: businessDateTime.optional(), validTo: businessDateTime.optional(),
}).strict()
  .refine((item) => (item.sku === undefined) !== (item.category === undefined), { message: 'either sku or category' })
  .refine((item) => (item.unitPriceMinor === undefined) !== (item.discountBasisPoints === undefined), { message: 'either unitPriceMinor or discountBasisPoints' });

export const priceListSchema = z.object({
  code: z.string(), name: z.string(), currency: z.string(), parent: z.string().nullable(),
  items: z.array(z.object({
    sku: z.string().nullable(), category: z.string().nullable(), minQuantity: z.number().int(), unitPriceMinor: z.number().int().nullable(),
    discountBasisPoints: z.number().int().nullable(), validFrom: z.string(), validTo: z.string().nullable(),
  })),
});
