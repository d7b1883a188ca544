import { z } from 'zod';
import type { SupportService } from '../../../core/service/index.ts';
import { operation, type Operation } from './operation.ts';
import { returnView } from './views.ts';

const rma = { rma: z.string().regex(/^RMA-\d{6,}$/, 'an RMA number such as RMA-000001').meta({ examples: ['RMA-000002'] }) };
const receiveSchema = z.object({ resolution: z.enum(['restock', 'write_off']) }).strict();
const tag = 'Returns';

/** `/returns/{rma}`: see a return, record the goods' arrival (restock or write off), record the refund. */
export function returnOperations(support: SupportService): Operation[] {
  return [
    operation({
      method: 'get', path: '/returns/:rma', tag, summary: 'Get a return', permission: 'lookup',
      params: rma, response: returnView, errors: ['not_found'],
      handle: ({ params, caller }) => support.getReturn(params.rma, caller.actor),
    }),
    operation({
      method: 'post', path: '/returns/:rma/receive', tag, summary: 'Record the goods back: restock them or write them off', permission: 'return.receive',
      params: rma, body: receiveSchema, example: { resolution: 'restock' },
      response: returnView, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, body, caller }) => support.receiveReturn(params.rma, body.resolution, caller.actor),
    }),
    operation({
      method: 'post', path: '/returns/:rma/refund', tag, summary: 'Record the refund: what was paid is refunded (by the provider, or marked paid back by hand)', permission: 'payment.record',
      params: rma, response: returnView, errors: ['not_found', 'invalid_transition', 'rule_violation'],
      handle: ({ params, caller }) => support.markReturnRefunded(params.rma, caller.actor),
    }),
  ];
}
