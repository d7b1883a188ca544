import { Router } from 'express';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { getReturn, markReturnRefunded, receiveReturn } from '../../../core/service/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';

const rma = z.string().regex(/^RMA-\d{6,}$/, 'an RMA number such as RMA-000001');
const receiveSchema = z.object({ resolution: z.enum(['restock', 'write_off']) }).strict();
const rmaOf = (value: unknown) => parseInput(rma, value, 'RMA number');

/** `/returns/{rma}`: see a return, record the goods' arrival (restock or write off), record the refund. */
export function returnRoutes(orm: MikroORM): Router {
  const router = Router();
  const em = () => orm.em.fork();
  router.get('/returns/:rma', async (req, res) => {
    res.json(await getReturn(em(), rmaOf(req.params.rma)));
  });
  router.post('/returns/:rma/receive', async (req, res) => {
    res.json(await receiveReturn(em(), rmaOf(req.params.rma), parseInput(receiveSchema, req.body).resolution, callerOf(res).actor));
  });
  router.post('/returns/:rma/refund', async (req, res) => {
    res.json(await markReturnRefunded(em(), rmaOf(req.params.rma), callerOf(res).actor));
  });
  return router;
}
