import { Router } from 'express';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AppError } from '../../../core/shared/errors.ts';
import { resolveCustomer } from '../../../core/customers/index.ts';
import { Order } from '../../../core/orders/index.ts';
import { getTicket, openTicket, ticketKinds, ticketPriorities } from '../../../core/service/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ticketCreateSchema = z.object({
  orderNumber: z.string().regex(/^SO-\d{8}-\d{6,}$/).optional(),
  customer: z.object({ externalId: z.string().trim().min(1).max(150), name: z.string().trim().min(1).max(200) }).strict().optional(),
  kind: z.enum(ticketKinds),
  priority: z.enum(ticketPriorities).optional(),
  description: z.string().trim().min(1).max(2000),
}).strict().refine((body) => body.orderNumber !== undefined || body.customer !== undefined, { message: 'give orderNumber or customer' });
const ticketNumber = z.string().regex(/^T-\d{6,}$/, 'a ticket number such as T-000001');

/** `POST /tickets` (about an order, or for a customer known by the shop's id) and `GET /tickets/{number}`. */
export function ticketRoutes(orm: MikroORM): Router {
  const router = Router();
  router.post('/tickets', async (req, res) => {
    const body = parseInput(ticketCreateSchema, req.body);
    const caller = callerOf(res);
    const em = orm.em.fork();
    let customerId: number;
    if (body.orderNumber) {
      const order = await em.findOne(Order, { number: body.orderNumber });
      if (!order) throw new AppError('not_found', `No order ${body.orderNumber}`, { number: body.orderNumber });
      customerId = order.customer.id;
    } else {
      customerId = (await resolveCustomer(em, 'api', `${caller.apiKeyId}:${body.customer!.externalId}`, { name: body.customer!.name })).id;
    }
    const ticket = await openTicket(em, { customerId, kind: body.kind, priority: body.priority, description: body.description, orderNumber: body.orderNumber, channel: 'api', actor: caller.actor });
    res.status(201).json(ticket);
  });
  router.get('/tickets/:number', async (req, res) => {
    const { customerId: _customer, ...ticket } = await getTicket(orm.em.fork(), parseInput(ticketNumber, req.params.number, 'ticket number'));
    res.json(ticket);
  });
  return router;
}
