import { z } from 'zod';
import {
  errorSchema, inventoryQuerySchema, orderCancelSchema, orderCreateSchema, orderDetailSchema, orderListQuerySchema,
  orderPageSchema, orderSchema, productCreateSchema, productPatchSchema, productSchema, receiptSchema, stockSchema,
} from './schemas.ts';

type Schema = z.ZodType;

const json = (schema: Schema, io: 'input' | 'output') => ({ 'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) } });
const body = (schema: Schema) => ({ required: true, content: json(schema, 'input') });
const ok = (status: number, description: string, schema: Schema) => ({ [status]: { description, content: json(schema, 'output') } });
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, { description: 'Error', content: json(errorSchema, 'output') }]));

function queryParameters(schema: z.ZodObject): Array<Record<string, unknown>> {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name, in: 'query', required: false, schema: z.toJSONSchema(field as Schema, { io: 'input', unrepresentable: 'any' }),
  }));
}

const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const items = (schema: Schema) => z.object({ items: z.array(schema) });

/**
 * OpenAPI 3.1 document of REST API v1, generated from the same zod schemas that validate
 * requests (so the document cannot drift from what the server accepts).
 */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Order chat platform API', version: '1.0.0', description: 'Orders, catalogue and stock. Money is integer minor units plus an ISO currency.' },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key from `npm run cli -- api-key create --name NAME`' } } },
    paths: {
      '/products': {
        get: { summary: 'List products', parameters: [{ name: 'category', in: 'query', schema: { type: 'string' } }, { name: 'active', in: 'query', schema: { enum: ['true', 'false'] } }], responses: { ...ok(200, 'Products', items(productSchema)), ...errors(400, 401) } },
        post: { summary: 'Create a product', requestBody: body(productCreateSchema), responses: { ...ok(201, 'Created', productSchema), ...errors(400, 401, 409) } },
      },
      '/products/{sku}': {
        get: { summary: 'Get a product', parameters: [pathParam('sku')], responses: { ...ok(200, 'Product', productSchema), ...errors(401, 404) } },
        patch: { summary: 'Change a product', parameters: [pathParam('sku')], requestBody: body(productPatchSchema), responses: { ...ok(200, 'Product', productSchema), ...errors(400, 401, 404, 409) } },
      },
      '/inventory': {
        get: { summary: 'Stock per warehouse', parameters: queryParameters(inventoryQuerySchema), responses: { ...ok(200, 'Stock levels', items(stockSchema)), ...errors(400, 401) } },
      },
      '/inventory/receipts': {
        post: { summary: 'Receive stock (raises on-hand through the ledger)', requestBody: body(receiptSchema), responses: { ...ok(201, 'Stock after the receipt', items(stockSchema)), ...errors(400, 401, 404) } },
      },
      '/orders': {
        get: { summary: 'List orders, newest first', parameters: queryParameters(orderListQuerySchema), responses: { ...ok(200, 'A page of orders', orderPageSchema), ...errors(400, 401) } },
        post: {
          summary: 'Place an order',
          description: 'Idempotent: the same Idempotency-Key with the same body returns the same order; with another body, 422 idempotency_key_reused.',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 8, maxLength: 200 } }],
          requestBody: body(orderCreateSchema),
          responses: { ...ok(201, 'Placed (or replayed)', orderSchema), ...errors(400, 401, 409, 413, 422) },
        },
      },
      '/orders/{number}': {
        get: { summary: 'Get an order with its timeline', parameters: [pathParam('number')], responses: { ...ok(200, 'Order', orderDetailSchema), ...errors(401, 404) } },
      },
      '/orders/{number}/cancel': {
        post: { summary: 'Cancel an order (releases its stock)', parameters: [pathParam('number')], requestBody: { required: false, content: json(orderCancelSchema, 'input') }, responses: { ...ok(200, 'Cancelled order', orderSchema), ...errors(400, 401, 404, 409) } },
      },
    },
  };
}
