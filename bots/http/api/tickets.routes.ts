import { z } from 'zod';
import type { CoreServices } from '../../../core/services.ts';
import { ticketKinds, ticketPriorities } from '../../../core/service/index.ts';
import { operation, type Operation } from './operation.ts';
import { ticketDetailView, ticketView } from './views.ts';

const ticketCreateSchema = z.object({
  orderNumber: z.string().regex(/^SO-\d{8}-\d{6,}$/).optional(),
  customer: z.object({ externalId: z.string().trim().min(1).max(150), name: z.string().trim().min(1).max(200) }).strict().optional(),
  kind: z.enum(ticketKinds),
  priority: z.enum(ticketPriorities).optional(),
  description: z.string().trim().min(1).max(2000),
}).strict().refine((body) => body.orderNumber !== undefined || body.customer !== undefined, { message: 'give orderNumber or customer' });
const ticketNumber = z.string().regex(/^T-\d{6,}$/, 'a ticket number such as T-000001');
const tag = 'Support';

/** `POST /tickets` (about an order, or for a customer known by the shop's id) and `GET /tickets/{number}`. */
export function ticketOperations({ support, customers }: CoreServices): Operation[] {
  return [
    operation({
      method: 'post', path: '/tickets', tag, summary: 'Open a ticket about an order, or for a customer known by your own id', permission: 'ticket.open',
      body: ticketCreateSchema, example: { orderNumber: 'SO-20261206-000042', kind: 'delivery_issue', priority: 'high', description: 'The customer called: the parcel arrived damaged.' },
      status: 201, response: ticketView, errors: ['not_found'],
      handle: async ({ body, caller }) => {
        // A customer the shop knows by its own id is theirs alone: scoped to the API key.
        const customerId = body.customer
          ? (await customers.resolve({ channel: 'api', externalId: `${caller.apiKeyId}:${body.customer.externalId}` }, { name: body.customer.name })).id
          : undefined;
        return support.openTicket({ customerId, kind: body.kind, priority: body.priority, description: body.description, orderNumber: body.orderNumber, channel: 'api', actor: caller.actor });
      },
    }),
    operation({
      method: 'get', path: '/tickets/:number', tag, summary: 'Get a ticket', permission: 'lookup',
      params: { number: ticketNumber.meta({ examples: ['T-000009'] }) }, response: ticketDetailView, errors: ['not_found'],
      handle: async ({ params, caller }) => {
        const { customerId: _customer, ...ticket } = await support.getTicket(params.number, caller.actor);
        return ticket;
      },
    }),
  ];
}
