import { Router } from 'express';
import { z } from 'zod';
import type { CoreServices } from '../../../core/services.ts';
import { ticketKinds, ticketPriorities } from '../../../core/service/index.ts';
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
export function ticketRoutes({ support, customers }: CoreServices): Router {
  const router = Router();
  router.post('/tickets', async (req, res) => {
    const body = parseInput(ticketCreateSchema, req.body);
    const caller = callerOf(res);
    // A customer the shop knows by its own id is theirs alone: scoped to the API key.
    const customerId = body.customer
      ? (await customers.resolve({ channel: 'api', externalId: `${caller.apiKeyId}:${body.customer.externalId}` }, { name: body.customer.name })).id
      : undefined;
    const ticket = await support.openTicket({ customerId, kind: body.kind, priority: body.priority, description: body.description, orderNumber: body.orderNumber, channel: 'api', actor: caller.actor });
    res.status(201).json(ticket);
  });
  router.get('/tickets/:number', async (req, res) => {
    const { customerId: _customer, ...ticket } = await support.getTicket(parseInput(ticketNumber, req.params.number, 'ticket number'));
    res.json(ticket);
  });
  return router;
}
