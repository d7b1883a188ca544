import { Router } from 'express';
import type { CoreServices } from '../../../core/services.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';
import {
  countId, countLinesSchema, countOpenSchema, reorderPolicySchema, transferCreateSchema, transferNumber, warehouseCreateSchema,
} from './inventory.schemas.ts';

/** `/inventory/...`: warehouses, transfers, stock counts, reorder policies and the integrity check. */
export function inventoryRoutes({ inventory, procurement }: CoreServices): Router {
  const router = Router();

  router.get('/inventory/warehouses', async (_req, res) => {
    res.json({ items: await inventory.listWarehouses() });
  });
  router.post('/inventory/warehouses', async (req, res) => {
    res.status(201).json(await inventory.createWarehouse(parseInput(warehouseCreateSchema, req.body), callerOf(res).actor));
  });

  router.post('/inventory/transfers', async (req, res) => {
    res.status(201).json(await inventory.createTransfer({ ...parseInput(transferCreateSchema, req.body), actor: callerOf(res).actor }));
  });
  router.get('/inventory/transfers/:number', async (req, res) => {
    res.json(await inventory.getTransfer(parseInput(transferNumber, req.params.number, 'transfer number')));
  });
  const transferSteps = { ship: inventory.shipTransfer, receive: inventory.receiveTransfer, cancel: inventory.cancelTransfer };
  for (const [action, step] of Object.entries(transferSteps)) {
    router.post(`/inventory/transfers/:number/${action}`, async (req, res) => {
      res.json(await step(parseInput(transferNumber, req.params.number, 'transfer number'), callerOf(res).actor));
    });
  }

  router.post('/inventory/counts', async (req, res) => {
    res.status(201).json(await inventory.openCount({ ...parseInput(countOpenSchema, req.body), actor: callerOf(res).actor }));
  });
  router.get('/inventory/counts/:id', async (req, res) => {
    res.json(await inventory.getCount(parseInput(countId, req.params.id, 'count id')));
  });
  router.put('/inventory/counts/:id/lines', async (req, res) => {
    const { lines } = parseInput(countLinesSchema, req.body);
    res.json(await inventory.recordCounted(parseInput(countId, req.params.id, 'count id'), lines, callerOf(res).actor));
  });
  router.post('/inventory/counts/:id/approve', async (req, res) => {
    res.json(await inventory.approveCount(parseInput(countId, req.params.id, 'count id'), callerOf(res).actor));
  });

  router.put('/inventory/reorder-policies', async (req, res) => {
    res.json(await procurement.setReorderPolicy(parseInput(reorderPolicySchema, req.body), callerOf(res).actor));
  });
  router.get('/inventory/integrity', async (_req, res) => {
    const mismatches = await inventory.integrityMismatches();
    res.json({ ok: mismatches.length === 0, mismatches });
  });
  return router;
}
