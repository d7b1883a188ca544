import type { Request } from 'express';
import type { OrderService, PlaceOrderInput } from '../../../core/orders/index.ts';
import type { IdentityChannel } from '../../../core/customers/index.ts';
import { AppError } from '../../../core/shared/errors.ts';
import type { ApiCaller } from './auth.ts';
import { operation, type Operation } from './operation.ts';
import { orderNumber } from './fulfilment.schemas.ts';
import { orderCancelSchema, orderCreateSchema, orderDetailSchema, orderListQuerySchema, orderPageSchema, orderRejectSchema, orderSchema } from './schemas.ts';
import type { z } from 'zod';

const idempotencyKeyPattern = /^[\x21-\x7e]{8,200}$/;

export function idempotencyKeyOf(req: Request): string {
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

/** Who orders, where to, how they pay: everything of an API order but its lines. */
export function orderInputOf(body: Omit<z.output<typeof orderCreateSchema>, 'lines'>, caller: ApiCaller, key: string): Omit<PlaceOrderInput, 'lines'> {
  const { member } = caller.actor;
  return {
    channel: 'api',
    // A buyer's key orders as that buyer, for their company.
    identity: member ? { channel: 'api', externalId: `member:${member.id}` } : identityOf(body.customer, caller, key),
    customerId: member ? Number(caller.actor.id) : undefined,
    customerPoRef: body.customerPoRef,
    contact: { name: body.customer.name, phone: body.customer.phone, email: body.customer.email, locale: body.customer.locale },
    shippingAddress: body.shippingAddress,
    paymentMethod: body.paymentMethod,
    notes: body.notes,
    actor: caller.actor,
  };
}

const number = { number: orderNumber.meta({ examples: ['SO-20261206-000042'] }) };

/** Orders: place (idempotent), read with timeline, list with filters, cancel. */
export function orderOperations(orders: OrderService): Operation[] {
  return [
    operation({
      method: 'post', path: '/orders', tag: 'Orders', summary: 'Place an order', permission: 'order.place',
      description: 'Idempotent: the same Idempotency-Key with the same body returns the same order (header `Idempotent-Replayed: true`); with another body, 422 `idempotency_key_reused`.',
      headers: [{ name: 'Idempotency-Key', required: true, description: 'A key unique to this order, 8 to 200 printable ASCII characters', schema: { type: 'string', minLength: 8, maxLength: 200 } }],
      body: orderCreateSchema, status: 201, response: orderSchema,
      example: {
        customer: { name: 'Li Wei', phone: '+86 139 1234 5678', externalId: 'crm-4711', locale: 'zh-CN' },
        lines: [{ sku: 'TEA-001', quantity: 2, expectedPriceMinor: 12800 }],
        shippingAddress: { line1: '88 Jianguo Road', city: 'Beijing', country: 'CN' },
        paymentMethod: 'bank_transfer',
      },
      errors: ['unknown_product', 'booking_required', 'insufficient_stock', 'price_mismatch', 'address_required', 'quantity_limit', 'quantity_rule', 'amount_too_large', 'mixed_currency', 'idempotency_key_reused', 'idempotency_in_progress'],
      handle: async ({ body, caller, req, res }) => {
        const key = idempotencyKeyOf(req);
        const input: PlaceOrderInput = { ...orderInputOf(body, caller, key), lines: body.lines };
        const result = await orders.placeOrder(input, { scope: `api:${caller.apiKeyId}`, key });
        if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
        res.location(`/api/v1/orders/${result.order.number}`);
        return result.order;
      },
    }),
    operation({
      method: 'get', path: '/orders', tag: 'Orders', summary: 'List orders, newest first', permission: 'order.read',
      query: orderListQuerySchema, response: orderPageSchema,
      handle: ({ query, caller }) => orders.listOrders({
        status: query.status, customerId: query.customer, channel: query.channel,
        placedFrom: query.from ? new Date(query.from) : undefined, placedTo: query.to ? new Date(query.to) : undefined,
        cursor: query.cursor, limit: query.limit,
      }, caller.actor),
    }),
    operation({
      method: 'get', path: '/orders/:number', tag: 'Orders', summary: 'Get an order with its timeline', permission: 'order.read',
      params: number, response: orderDetailSchema, errors: ['not_found'],
      handle: ({ params, caller }) => orders.getOrder(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/orders/:number/fulfil', tag: 'Orders', summary: 'Mark an order of services alone fulfilled (it completes without shipping)', permission: 'order.fulfil',
      params: number, response: orderSchema, errors: ['not_found', 'invalid_transition', 'concurrent_update'],
      handle: ({ params, caller }) => orders.markFulfilled(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/orders/:number/approve', tag: 'Orders', summary: 'Approve an order waiting for approval (without Slack)', permission: 'order.approve',
      description: 'The first decision wins: an order decided meanwhile is 409.',
      params: number, response: orderSchema, errors: ['not_found', 'invalid_transition', 'concurrent_update'],
      handle: ({ params, caller }) => orders.approveOrder(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/orders/:number/reject', tag: 'Orders', summary: 'Reject an order waiting for approval (releases its stock; the customer is told)', permission: 'order.approve',
      params: number, body: orderRejectSchema, example: { reason: 'the customer could not be reached to confirm the address' },
      response: orderSchema, errors: ['not_found', 'invalid_transition', 'concurrent_update'],
      handle: ({ params, body, caller }) => orders.rejectOrder(params.number, caller.actor, body.reason),
    }),
    operation({
      method: 'post', path: '/orders/:number/cancel', tag: 'Orders', summary: 'Cancel an order (releases its stock)', permission: 'order.cancel',
      description: 'Until the order ships: a packed order needs a `reason`. Reserved and picked stock goes back; a shipped order can only be returned (409).',
      params: number, body: orderCancelSchema, optionalBody: true, example: { reason: 'customer changed their mind' },
      response: orderSchema, errors: ['not_found', 'invalid_transition', 'concurrent_update'],
      handle: ({ params, body, caller }) => orders.cancelOrder(params.number, caller.actor, body.reason),
    }),
  ];
}
