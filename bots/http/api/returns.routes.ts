import { Router } from 'express';
import { z } from 'zod';
import type { SupportService } from '../../../core/service/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';

const rma = z.string().regex(/^RMA-\d{6,}$/, 'an RMA number such as RMA-000001');
const receiveSchema = z.object({ resolution: z.enum(['restock', 'write_off']) }).strict();
const rmaOf = (value: unknown) => parseInput(rma, value, 'RMA number');

/** `/returns/{rma}`: see a return, record the goods' arrival (restock or write off), record the refund. */
export function returnRoutes(support: SupportService): Router {
  const router = Router();
  router.get('/returns/:rma', async (req, res) => {
    res.json(await support.getReturn(rmaOf(req.params.rma)));
  });
  router.post('/returns/:rma/receive', async (req, res) => {
    res.json(await support.receiveReturn(rmaOf(req.params.rma), parseInput(receiveSchema, req.body).resolution, callerOf(res).actor));
  });
  router.post('/returns/:rma/refund', async (req, res) => {
    res.json(await support.markReturnRefunded(rmaOf(req.params.rma), callerOf(res).actor));
  });
  return router;
}
