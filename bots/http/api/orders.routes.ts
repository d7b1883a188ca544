import { Router, type Request } from 'express';
import type { OrderService, PlaceOrderInput } from '../../../core/orders/index.ts';
import type { IdentityChannel } from '../../../core/customers/index.ts';
import { AppError } from '../../../core/shared/errors.ts';
import { callerOf, type ApiCaller } from './auth.ts';
import { parseInput } from './validate.ts';
import { orderCancelSchema, orderCreateSchema, orderListQuerySchema } from './schemas.ts';
import type { z } from 'zod';

const idempotencyKeyPattern = /^[\x21-\x7e]{8,200}$/;

function idempotencyKeyOf(req: Request): string {
  const key = req.get('Idempotency-Key');
  if (!key) throw new AppError('invalid_input', 'The Idempotency-Key header is required when placing an order');
  if (!idempotencyKeyPattern.test(key)) throw new AppError('invalid_input', 'Idempotency-Key must be 8 to 200 printable ASCII characters');
  return key;
}

/**
 * Which customer an API order belongs to: the client's own reference (scoped to the API key),
 * else the phone, else the e-mail; without any, a customer of this one request.
 */
function identityOf(customer: z.output<typeof orderCreateSchema>['customer'], caller: ApiCaller, key: string): { channel: IdentityChannel; externalId: string } {
  if (customer.externalId) return { channel: 'api', externalId: `${caller.apiKeyId}:${customer.externalId}` };
  if (customer.phone) return { channel: 'phone', externalId: customer.phone.replace(/[\s()-]/g, '') };
  if (customer.email) return { channel: 'email', externalId: customer.email.toLowerCase() };
  return { channel: 'api', externalId: `${caller.apiKeyId}:request:${key}` };
}

/** Orders: place (idempotent), read with timeline, list with filters, cancel. */
export function orderRoutes(orders: OrderService): Router {
  const router = Router();

  router.post('/orders', async (req, res) => {
    const key = idempotencyKeyOf(req);
    const body = parseInput(orderCreateSchema, req.body);
    const caller = callerOf(res);
    const input: PlaceOrderInput = {
      channel: 'api',
      identity: identityOf(body.customer, caller, key),
      contact: { name: body.customer.name, phone: body.customer.phone, email: body.customer.email, locale: body.customer.locale },
      lines: body.lines,
      shippingAddress: body.shippingAddress,
      paymentMethod: body.paymentMethod,
      notes: body.notes,
      actor: caller.actor,
    };
    const result = await orders.placeOrder(input, { scope: `api:${caller.apiKeyId}`, key });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).location(`/api/v1/orders/${result.order.number}`).json(result.order);
  });

  router.get('/orders', async (req, res) => {
    const query = parseInput(orderListQuerySchema, req.query, 'query');
    res.json(await orders.listOrders({
      status: query.status, customerId: query.customer, channel: query.channel,
      placedFrom: query.from ? new Date(query.from) : undefined, placedTo: query.to ? new Date(query.to) : undefined,
      cursor: query.cursor, limit: query.limit,
    }, callerOf(res).actor));
  });

  router.get('/orders/:number', async (req, res) => {
    res.json(await orders.getOrder(req.params.number, callerOf(res).actor));
  });

  router.post('/orders/:number/cancel', async (req, res) => {
    const body = parseInput(orderCancelSchema, req.body ?? {});
    res.json(await orders.cancelOrder(req.params.number, callerOf(res).actor, body.reason));
  });
  return router;
}
