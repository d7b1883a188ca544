import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { ErrorCode } from '../../../core/shared/errors.ts';
import type { Permission } from '../../../core/shared/authorization.ts';
import { callerOf, type ApiCaller } from './auth.ts';
import { parseInput } from './validate.ts';

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

/** Groups of operations in the document, with what each is for. */
export const apiTags = {
  'Catalogue and stock': 'Products, prices and stock levels; goods received into a warehouse.',
  Orders: 'Place orders (idempotent), read them with their timeline, list and cancel them.',
  'Company accounts': 'Wholesale: company accounts with buyers, price lists with quantity tiers, credit limits, payment terms and credit holds.',
  Manufacturing: 'Bills of materials, production orders (release, output reports, close) and material planning.',
  Bookings: 'Bookable services and resources with their hours; free slots; bookings held, confirmed, moved and cancelled without double booking.',
  Payments: 'Money of an order: payments received, the online payment page, refunds, cash from carriers.',
  Inventory: 'Warehouses, transfers between them, stock counts, reorder points and the ledger check.',
  Purchasing: 'Suppliers and purchase orders: drafts, reorder proposals, sending and receipts.',
  Fulfilment: 'Pick lists and scanning, bins, shipments with carrier labels, carrier set-up.',
  'Own fleet': 'The shop\'s own vans: vehicles with drivers, each day\'s planned routes and their stops.',
  Returns: 'Returns requested in chat: goods received back, refunds recorded.',
  Support: 'Tickets opened for customers, worked in Slack.',
  Reports: 'The daily figures managers get in their digest.',
  'Carrier webhooks': 'Tracking pushed by carriers, signed with their webhook secret.',
} as const;
export type ApiTag = keyof typeof apiTags;

/** What a handler gets: the validated input and the authenticated caller. */
export interface OperationInput<B, Q, P> {
  body: Out<B>;
  query: Out<Q>;
  params: { [K in keyof P]: Out<P[K]> };
  caller: ApiCaller;
  req: Request;
  res: Response;
}

/**
 * One operation of REST API v1: the route, what it validates, what it answers and who may call
 * it. The router and the OpenAPI document are both made from the list of operations, so a route
 * cannot exist without its documentation, nor be documented with another schema than it uses.
 */
export interface Operation<B extends Schema | undefined = Schema | undefined, Q extends z.ZodObject | undefined = z.ZodObject | undefined, P extends Record<string, Schema> = Record<string, Schema>> {
  method: 'get' | 'post' | 'put' | 'patch';
  /** Express path, `:name` for a path parameter. */
  path: string;
  /** Group in the document. */
  tag: ApiTag;
  summary: string;
  description?: string;
  /**
   * The permission core checks (its scopes are listed in the document); null for what any valid
   * key may read (the catalogue and stock levels).
   */
  permission: Permission | null;
  params?: P;
  query?: Q;
  body?: B;
  /** A body that may be left out (`{}` is used then). */
  optionalBody?: boolean;
  /** A valid example body (checked against `body` by the test suite). */
  example?: unknown;
  /** Request headers the operation reads (documented only; the handler checks them). */
  headers?: Array<{ name: string; required: boolean; description: string; schema: Record<string, unknown> }>;
  /** Success status (200 unless given). */
  status?: number;
  response: Schema;
  /** Error codes the operation itself raises, besides those of authentication and validation. */
  errors?: ErrorCode[];
  handle(input: OperationInput<B, Q, P>): Promise<unknown>;
}

/** Builds an operation with its input types inferred from its schemas. */
export function operation<B extends Schema | undefined = undefined, Q extends z.ZodObject | undefined = undefined, P extends Record<string, Schema> = Record<string, never>>(
  op: Operation<B, Q, P>,
): Operation {
  return op as unknown as Operation;
}

/** Turns an express path (`/orders/:number`) into an OpenAPI path (`/orders/{number}`). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

export interface RouterOptions {
  /**
   * Parse every answer with the operation's response schema and fail loudly on a mismatch
   * (`API_CHECK_RESPONSES`, for development and the test suite: the document then cannot lie).
   */
  checkResponses?: boolean;
}

/** An express router serving `operations`: validation, the caller, the status and the JSON answer. */
export function operationsRouter(operations: readonly Operation[], { checkResponses = false }: RouterOptions = {}): Router {
  const router = Router();
  for (const op of operations) {
    router[op.method](op.path, async (req, res) => {
      const params = Object.fromEntries(Object.entries(op.params ?? {}).map(([name, schema]) => [name, parseInput(schema, req.params[name], `path parameter ${name}`)]));
      const query = op.query ? parseInput(op.query, req.query, 'query') : undefined;
      const body = op.body ? parseInput(op.body, req.body ?? (op.optionalBody ? {} : undefined)) : undefined;
      const result = await op.handle({ body, query, params, caller: callerOf(res), req, res });
      if (checkResponses) {
        const checked = op.response.safeParse(result);
        if (!checked.success) throw new Error(`${op.method.toUpperCase()} ${op.path} answered outside its documented schema: ${checked.error.message}`);
      }
      res.status(op.status ?? 200).json(result);
    });
  }
  return router;
}
