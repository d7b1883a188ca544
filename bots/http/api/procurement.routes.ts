import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  changePurchaseOrderStatus, createPurchaseOrder, createSupplier, getPurchaseOrder, listPurchaseOrders, proposePurchaseOrders,
  receivePurchaseOrder, Supplier,
} from '../../../core/procurement/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';
import { purchaseOrderCreateSchema, purchaseOrderListSchema, purchaseOrderNumber, receiptLinesSchema, supplierCreateSchema } from './inventory.schemas.ts';

const supplierView = (supplier: Supplier) => ({ code: supplier.code, name: supplier.name, leadTimeDays: supplier.leadTimeDays, email: supplier.email ?? null, phone: supplier.phone ?? null });

const number = (value: unknown) => parseInput(purchaseOrderNumber, value, 'purchase order number');

/** `/suppliers` and `/purchase-orders`: drafts, sending, receipts (partial allowed), cancelling, proposals. */
export function procurementRoutes(orm: MikroORM): Router {
  const router = Router();
  const em = () => orm.em.fork();

  router.post('/suppliers', async (req, res) => {
    res.status(201).json(supplierView(await createSupplier(em(), parseInput(supplierCreateSchema, req.body))));
  });
  router.get('/suppliers', async (_req, res) => {
    res.json({ items: (await em().find(Supplier, {}, { orderBy: { code: 'asc' } })).map(supplierView) });
  });

  router.post('/purchase-orders', async (req, res) => {
    const body = parseInput(purchaseOrderCreateSchema, req.body);
    res.status(201).json(await createPurchaseOrder(em(), { ...body, expectedAt: body.expectedAt ? new Date(body.expectedAt) : undefined, actor: callerOf(res).actor }));
  });
  router.get('/purchase-orders', async (req, res) => {
    res.json({ items: await listPurchaseOrders(em(), parseInput(purchaseOrderListSchema, req.query, 'query').status) });
  });
  router.post('/purchase-orders/proposals', async (_req, res) => {
    res.status(201).json({ items: await proposePurchaseOrders(em(), callerOf(res).actor) });
  });
  router.get('/purchase-orders/:number', async (req, res) => {
    res.json(await getPurchaseOrder(em(), number(req.params.number)));
  });
  for (const to of ['sent', 'cancelled'] as const) {
    router.post(`/purchase-orders/:number/${to === 'sent' ? 'send' : 'cancel'}`, async (req, res) => {
      res.json(await changePurchaseOrderStatus(em(), number(req.params.number), to, callerOf(res).actor));
    });
  }
  router.post('/purchase-orders/:number/receipts', async (req, res) => {
    const { lines } = parseInput(receiptLinesSchema, req.body);
    res.status(201).json(await receivePurchaseOrder(em(), number(req.params.number), lines, callerOf(res).actor));
  });
  return router;
}
