import { z } from 'zod';
import type { OrderService } from '../../../core/orders/index.ts';
import { operation, type Operation } from './operation.ts';
import { idempotencyKeyOf, orderInputOf } from './orders.routes.ts';
import { addressSchema, orderCreateSchema, orderSchema } from './schemas.ts';

const csv = z.string().min(1).max(1_100_000).describe('The order as CSV: a header `sku,quantity` (optionally `,unit` with `unit` or `case`), commas or semicolons, UTF-8, at most 500 rows and 1 MiB');
const example = 'sku,quantity,unit\nTEA-001,24,unit\nTEA-CASE,2,case\n';
const bulkLine = z.object({ sku: z.string(), productId: z.number().int(), quantity: z.number().int(), rows: z.array(z.number().int()) });
const merged = z.array(z.object({ sku: z.string(), rows: z.array(z.number().int()) })).describe('SKUs that appeared on several rows, added up (a warning)');

const int = z.number().int();
const quoteOfOrder = z.object({
  currency: z.string(), subtotalMinor: int, shippingMinor: int, totalMinor: int, approvalReasons: z.array(z.string()),
  lines: z.array(z.object({ sku: z.string(), name: z.string(), nameZh: z.string().nullable(), quantity: int, unitPriceMinor: int, lineTotalMinor: int })),
  account: z.object({ code: z.string(), name: z.string(), paymentTerms: z.string(), paymentDueAt: z.string().nullable() }).nullable(),
}).describe('What the order would cost the caller now (their company\'s prices), with a shipping address only');

export const bulkOrderSchema = orderCreateSchema.omit({ lines: true }).extend({ csv }).strict();
const validateSchema = z.object({ csv, shippingAddress: addressSchema.optional() }).strict();

/**
 * Bulk orders from a spreadsheet: all or nothing. Every row that cannot be ordered is named with
 * its row number (the header is row 1) and a code, and nothing is placed until the file is right.
 */
export function bulkOperations(orders: OrderService): Operation[] {
  const invalidRows = 'Each bad row of `details.rows` names its `row`, `code` (`unknown_product`, `quantity_rule` with `nearest`, `quantity_limit`, `invalid_quantity`, `invalid_unit`, `invalid_row`) and a message; nothing is placed. More than 500 rows or 1 MiB is 413.';
  return [
    operation({
      method: 'post', path: '/orders/validate', tag: 'Orders', summary: 'Check a bulk order (CSV) without placing it', permission: 'order.place',
      description: `${invalidRows} With a shipping address the answer carries the prices the order would get.`,
      body: validateSchema, example: { csv: example }, response: z.object({ lines: z.array(bulkLine), merged, quote: quoteOfOrder.nullable() }),
      errors: ['invalid_rows', 'payload_too_large', 'invalid_input'],
      handle: ({ body, caller }) => orders.validateBulkOrder(body.csv, caller.actor, body.shippingAddress, caller.actor.member ? Number(caller.actor.id) : undefined),
    }),
    operation({
      method: 'post', path: '/orders/bulk', tag: 'Orders', summary: 'Place a bulk order from CSV (all rows or none)', permission: 'order.place',
      description: `Idempotent like \`POST /orders\`. ${invalidRows}`,
      headers: [{ name: 'Idempotency-Key', required: true, description: 'A key unique to this order, 8 to 200 printable ASCII characters', schema: { type: 'string', minLength: 8, maxLength: 200 } }],
      body: bulkOrderSchema, status: 201, response: orderSchema.extend({ merged }),
      example: { customer: { name: 'Acme purchasing', externalId: 'acme-erp' }, csv: example, shippingAddress: { line1: '88 Jianguo Road', city: 'Beijing', country: 'CN' }, paymentMethod: 'bank_transfer', customerPoRef: 'PO-7781' },
      errors: ['invalid_rows', 'payload_too_large', 'insufficient_stock', 'address_required', 'amount_too_large', 'idempotency_key_reused'],
      handle: async ({ body, caller, req, res }) => {
        const key = idempotencyKeyOf(req);
        const { csv: text, ...rest } = body;
        const result = await orders.placeBulkOrder(text, orderInputOf(rest, caller, key), { scope: `api:${caller.apiKeyId}`, key });
        if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
        res.location(`/api/v1/orders/${result.order.number}`);
        return { ...result.order, merged: result.merged };
      },
    }),
  ];
}
