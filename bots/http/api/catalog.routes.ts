import { Router } from 'express';
import { z } from 'zod';
import type { CoreServices } from '../../../core/services.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';
import { inventoryQuerySchema, productCreateSchema, productPatchSchema, receiptSchema } from './schemas.ts';

const listQuery = z.object({ category: z.string().max(100).optional(), active: z.enum(['true', 'false']).optional() }).strict();

/** Products and stock: `/products`, `/inventory`, `/inventory/receipts`. */
export function catalogRoutes({ catalog, inventory, clock }: CoreServices): Router {
  const router = Router();

  router.post('/products', async (req, res) => {
    res.status(201).json(await catalog.createProduct(parseInput(productCreateSchema, req.body), callerOf(res).actor));
  });
  router.get('/products', async (req, res) => {
    const query = parseInput(listQuery, req.query, 'query');
    res.json({ items: await catalog.listProducts({ category: query.category, activeOnly: query.active === 'true' }) });
  });
  router.get('/products/:sku', async (req, res) => {
    res.json(await catalog.getProduct(req.params.sku));
  });
  router.patch('/products/:sku', async (req, res) => {
    res.json(await catalog.updateProduct(req.params.sku, parseInput(productPatchSchema, req.body), callerOf(res).actor));
  });

  router.post('/inventory/receipts', async (req, res) => {
    const receipt = parseInput(receiptSchema, req.body);
    const { actor } = callerOf(res);
    const items = await inventory.receiveStock({ warehouse: receipt.warehouse, lines: receipt.lines, reference: receipt.reference ?? `api-receipt-${clock.now().getTime()}`, actor });
    res.status(201).json({ items });
  });
  router.get('/inventory', async (req, res) => {
    const query = parseInput(inventoryQuerySchema, req.query, 'query');
    res.json({ items: await inventory.stockLevels(query.sku ? [query.sku] : []) });
  });
  return router;
}
