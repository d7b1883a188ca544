import { z } from 'zod';
import { permissions } from '../../../core/shared/authorization.ts';
import { AppError, type ErrorCode } from '../../../core/shared/errors.ts';
import { carrierSignatureHeader } from '../../../core/logistics/index.ts';
import { httpStatusOf } from '../errors.ts';
import { errorSchema } from './schemas.ts';
import { carrierEventsSchema } from './fulfilment.schemas.ts';
import { trackingView } from './views.ts';
import { apiTags, openApiPath, type Operation } from './operation.ts';

type Schema = z.ZodType;
type JsonObject = Record<string, unknown>;

const jsonSchema = (schema: Schema, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** What each error code says, as shown in the document's examples. */
const sampleMessages: Record<ErrorCode, string> = {
  invalid_input: 'Invalid request body: lines.0.quantity Too small: expected number to be >0',
  payload_too_large: 'Request body is too large',
  unauthenticated: 'The API key is not valid or was revoked',
  forbidden: 'This API key lacks the scope orders:write',
  not_found: 'No order SO-20261206-000042',
  insufficient_stock: 'Not enough stock for TEA-001: 3 asked, 1 available',
  invalid_transition: 'Order SO-20261206-000042 is shipped and cannot be cancelled',
  concurrent_update: 'Someone else changed this first; read it again and retry',
  already_exists: 'A product with SKU TEA-001 already exists',
  idempotency_in_progress: 'A request with this Idempotency-Key is still being processed',
  unknown_product: 'No product for sale with SKU TEA-404',
  price_mismatch: 'The price of TEA-001 is 12800, not 11800',
  address_required: 'Goods need a shipping address',
  quantity_limit: 'At most 1000 units per line',
  quantity_rule: 'TEA-CASE is sold from 12 in steps of 12: 30 is not possible (24 or 36 are)',
  amount_too_large: 'The order total is above the most one order may be',
  order_quantity_limit: 'At most 50 units per order',
  rate_limited: 'Too many requests; try again shortly',
  overpayment: 'Order SO-20261206-000042 has 5000 CNY (minor units) still to pay',
  refund_exceeds_paid: 'Order SO-20261206-000042 has 12800 CNY (minor units) that can be refunded',
  mixed_currency: 'All lines of one order must be in one currency',
  idempotency_key_reused: 'This Idempotency-Key was used with another request',
  rule_violation: 'The request breaks a business rule',
  bom_cycle: 'This BOM would make CHAIR need itself: CHAIR → SEAT → CHAIR',
  quote_expired: 'Quote Q-000042 was valid until 2026-12-20T15:59:59.999Z; ask for it to be sent again',
  slot_unavailable: 'That time is taken; free times nearby are in details.alternatives',
  booking_required: 'SVC-MASSAGE is booked for a time (POST /bookings), not ordered',
  notice_period: 'Book at least 120 minutes ahead',
  too_far_ahead: 'Bookings open 30 days ahead',
  cancellation_window: 'BK-000042 starts within 24 hours: call us to cancel or move it',
  invalid_rows: 'Rows 17 and 52 cannot be ordered: nothing was placed',
  wrong_barcode: 'Barcode 6901234567899 is not an item still to pick on this list',
  unavailable: 'The service is briefly unavailable; retry after the Retry-After header',
};

const statusNames: Record<number, string> = {
  400: 'Invalid input', 401: 'Not authenticated', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict with the current state',
  413: 'Body too large', 422: 'Breaks a business rule', 429: 'Rate limited', 503: 'Temporarily unavailable (retry after `Retry-After`)',
};

/** Error responses grouped by HTTP status, each with one example per error code. */
function errorResponses(codes: readonly ErrorCode[]): JsonObject {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = httpStatusOf(new AppError(code, ''));
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, group]) => [status, {
    description: `${statusNames[status] ?? 'Error'}: ${group.map((code) => `\`${code}\``).join(', ')}`,
    ...(status === 503 && { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } } }),
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/Error' },
        examples: Object.fromEntries(group.map((code) => [code, { summary: code, value: { error: { code, message: sampleMessages[code] } } }])),
      },
    },
  }]));
}

/** The error codes every operation of this shape can answer with. */
function commonErrors(op: Operation): ErrorCode[] {
  const hasInput = op.body !== undefined || op.query !== undefined || Object.keys(op.params ?? {}).length > 0 || (op.headers?.length ?? 0) > 0;
  return [
    ...(hasInput ? ['invalid_input' as const] : []),
    ...(op.body ? ['payload_too_large' as const] : []),
    'unauthenticated',
    ...(op.permission ? ['forbidden' as const] : []),
    ...(op.errors ?? []),
    'unavailable',
  ];
}

function parametersOf(op: Operation): JsonObject[] {
  const path = Object.entries(op.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') }));
  const query = Object.entries(op.query?.shape ?? {}).map(([name, field]) => ({
    name, in: 'query', required: !(field as Schema).safeParse(undefined).success, schema: jsonSchema(field as Schema, 'input'),
  }));
  const headers = (op.headers ?? []).map((header) => ({ ...header, in: 'header' }));
  return [...path, ...query, ...headers];
}

/** `post /orders/{number}/cancel` → `postOrdersNumberCancel`. */
function operationId(op: Operation): string {
  const words = op.path.split(/[/:-]+/).filter(Boolean);
  return op.method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

/** Who may call: any one of the permission's scopes (each alternative is one security requirement). */
function securityOf(op: Operation): { security: JsonObject[]; note: string } {
  if (!op.permission) return { security: [{ bearer: [] }], note: 'Any valid API key.' };
  const scopes = [...permissions[op.permission].scopes, 'admin'];
  return {
    security: scopes.map((scope) => ({ bearer: [scope] })),
    note: `Needs one of the scopes ${scopes.map((scope) => `\`${scope}\``).join(', ')} (core permission \`${op.permission}\`).`,
  };
}

function operationObject(op: Operation): JsonObject {
  const { security, note } = securityOf(op);
  const success = op.status ?? 200;
  const parameters = parametersOf(op);
  return {
    operationId: operationId(op),
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, note].filter(Boolean).join('\n\n'),
    security,
    'x-permission': op.permission,
    ...(parameters.length > 0 && { parameters }),
    ...(op.body && {
      requestBody: {
        required: !op.optionalBody,
        content: { 'application/json': { schema: jsonSchema(op.body, 'input'), ...(op.example !== undefined && { examples: { example: { value: op.example } } }) } },
      },
    }),
    responses: {
      [success]: { description: success === 201 ? 'Created' : 'OK', content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } },
      ...errorResponses(commonErrors(op)),
    },
  };
}

/** The carrier webhook: outside the Bearer API (its own raw-body route), signed by the carrier. */
function carrierWebhookPath(): JsonObject {
  return {
    post: {
      operationId: 'postCarriersCodeEvents',
      tags: ['Carrier webhooks' satisfies keyof typeof apiTags],
      summary: 'Tracking events pushed by a carrier',
      description: `Authenticated by the carrier's HMAC-SHA256 signature of the raw body in \`${carrierSignatureHeader}\` (the secret set with \`PUT /carriers/{code}\`); each event is applied once however often it is delivered.`,
      security: [{ carrierSignature: [] }],
      parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: jsonSchema(carrierEventsSchema, 'input'),
            examples: { example: { value: { events: [{ id: 'evt-1', trackingNumber: 'SF1234567890', status: 'delivered', occurredAt: '2026-12-06T14:05:00+08:00' }] } } },
          },
        },
      },
      responses: {
        200: { description: 'Applied, duplicates and unknown tracking numbers counted', content: { 'application/json': { schema: jsonSchema(trackingView, 'output') } } },
        ...errorResponses(['invalid_input', 'payload_too_large', 'unauthenticated', 'unavailable']),
      },
    },
  };
}

/** The carrier webhook's route under `/api/v1` (served by `carrier-webhook.ts`). */
export const carrierWebhookRoute = { method: 'post', path: '/carriers/:code/events' } as const;

/**
 * OpenAPI 3.1 document of REST API v1, made from the same operation list that builds the
 * router: the same zod schemas validate requests and describe them, and the scopes come from
 * core's permission table.
 */
export function openApiDocument(serverUrl: string, operations: readonly Operation[]): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    paths[path] = { ...paths[path], [op.method]: operationObject(op) };
  }
  paths[openApiPath(carrierWebhookRoute.path)] = carrierWebhookPath();
  const tags = Object.entries(apiTags).map(([name, description]) => ({ name, description }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Order chat platform API',
      version: '1.0.0',
      description: 'Orders, catalogue, stock, purchasing, fulfilment, returns, support and reports. Money is integer minor units plus an ISO currency. Errors share one shape: `{ "error": { "code", "message", "details"? } }`.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    tags,
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key from `npm run cli -- api-key create --name NAME [--scope SCOPE ...]`. Each operation lists the scopes that allow it; `admin` allows everything.' },
        carrierSignature: { type: 'apiKey', in: 'header', name: carrierSignatureHeader, description: 'Hex HMAC-SHA256 of the raw body with the carrier\'s webhook secret' },
      },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
    paths,
  };
}
