import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createProduct, getProduct, listProducts, updateProduct } from '../../../core/catalog/index.ts';
import { receiveStock, stockLevels } from '../../../core/inventory/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';
import { inventoryQuerySchema, productCreateSchema, productPatchSchema, receiptSchema } from './schemas.ts';
import { z } from 'zod';

const listQuery = z.object({ category: z.string().max(100).optional(), active: z.enum(['true', 'false']).optional() }).strict();

/** Products and stock: `/products`, `/inventory`, `/inventory/receipts`. */
export function catalogRoutes(orm: MikroORM): Router {
  const router = Router();
  const em = () => orm.em.fork();

  router.post('/products', async (req, res) => {
    res.status(201).json(await createProduct(em(), parseInput(productCreateSchema, req.body)));
  });
  router.get('/products', async (req, res) => {
    const query = parseInput(listQuery, req.query, 'query');
    res.json({ items: await listProducts(em(), { category: query.category, activeOnly: query.active === 'true' }) });
  });
  router.get('/products/:sku', async (req, res) => {
    res.json(await getProduct(em(), req.params.sku));
  });
  router.patch('/products/:sku', async (req, res) => {
    res.json(await updateProduct(em(), req.params.sku, parseInput(productPatchSchema, req.body)));
  });

  router.post('/inventory/receipts', async (req, res) => {
    const receipt = parseInput(receiptSchema, req.body);
    const { actor } = callerOf(res);
    await receiveStock(em(), { warehouse: receipt.warehouse, lines: receipt.lines, reference: receipt.reference ?? `api-receipt-${Date.now()}`, actor });
    res.status(201).json({ items: await stockLevels(em(), receipt.lines.map((line) => line.sku)) });
  });
  router.get('/inventory', async (req, res) => {
    const query = parseInput(inventoryQuerySchema, req.query, 'query');
    res.json({ items: await stockLevels(em(), query.sku ? [query.sku] : []) });
  });
  return router;
}
