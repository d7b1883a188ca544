import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  approveCount, cancelTransfer, createTransfer, createWarehouse, getCount, getTransfer, integrityMismatches, listWarehouses,
  openCount, receiveTransfer, recordCounted, shipTransfer,
} from '../../../core/inventory/index.ts';
import { reservingStatuses } from '../../../core/orders/index.ts';
import { setReorderPolicy } from '../../../core/procurement/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';
import {
  countId, countLinesSchema, countOpenSchema, reorderPolicySchema, transferCreateSchema, transferNumber, warehouseCreateSchema,
} from './inventory.schemas.ts';

/** `/inventory/...`: warehouses, transfers, stock counts, reorder policies and the integrity check. */
export function inventoryRoutes(orm: MikroORM): Router {
  const router = Router();
  const em = () => orm.em.fork();

  router.get('/inventory/warehouses', async (_req, res) => {
    res.json({ items: await listWarehouses(em()) });
  });
  router.post('/inventory/warehouses', async (req, res) => {
    res.status(201).json(await createWarehouse(em(), parseInput(warehouseCreateSchema, req.body)));
  });

  router.post('/inventory/transfers', async (req, res) => {
    res.status(201).json(await createTransfer(em(), { ...parseInput(transferCreateSchema, req.body), actor: callerOf(res).actor }));
  });
  router.get('/inventory/transfers/:number', async (req, res) => {
    res.json(await getTransfer(em(), parseInput(transferNumber, req.params.number, 'transfer number')));
  });
  const transferSteps = { ship: shipTransfer, receive: receiveTransfer, cancel: cancelTransfer };
  for (const [action, step] of Object.entries(transferSteps)) {
    router.post(`/inventory/transfers/:number/${action}`, async (req, res) => {
      res.json(await step(em(), parseInput(transferNumber, req.params.number, 'transfer number'), callerOf(res).actor));
    });
  }

  router.post('/inventory/counts', async (req, res) => {
    res.status(201).json(await openCount(em(), { ...parseInput(countOpenSchema, req.body), actor: callerOf(res).actor }));
  });
  router.get('/inventory/counts/:id', async (req, res) => {
    res.json(await getCount(em(), parseInput(countId, req.params.id, 'count id')));
  });
  router.put('/inventory/counts/:id/lines', async (req, res) => {
    const { lines } = parseInput(countLinesSchema, req.body);
    res.json(await recordCounted(em(), parseInput(countId, req.params.id, 'count id'), lines, callerOf(res).actor));
  });
  router.post('/inventory/counts/:id/approve', async (req, res) => {
    res.json(await approveCount(em(), parseInput(countId, req.params.id, 'count id'), callerOf(res).actor));
  });

  router.put('/inventory/reorder-policies', async (req, res) => {
    const policy = await setReorderPolicy(em(), parseInput(reorderPolicySchema, req.body));
    res.json({ sku: policy.product.sku, reorderPoint: policy.reorderPoint, safetyStock: policy.safetyStock, reorderQuantity: policy.reorderQuantity ?? null, abcClass: policy.abcClass });
  });
  router.get('/inventory/integrity', async (_req, res) => {
    const mismatches = await integrityMismatches(em(), [...reservingStatuses]);
    res.json({ ok: mismatches.length === 0, mismatches });
  });
  return router;
}
