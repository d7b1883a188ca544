import { Router } from 'express';
import type { ProcurementService } from '../../../core/procurement/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';
import { purchaseOrderCreateSchema, purchaseOrderListSchema, purchaseOrderNumber, receiptLinesSchema, supplierCreateSchema } from './inventory.schemas.ts';

const number = (value: unknown) => parseInput(purchaseOrderNumber, value, 'purchase order number');

/** `/suppliers` and `/purchase-orders`: drafts, sending, receipts (partial allowed), cancelling, proposals. */
export function procurementRoutes(procurement: ProcurementService): Router {
  const router = Router();

  router.post('/suppliers', async (req, res) => {
    res.status(201).json(await procurement.createSupplier(parseInput(supplierCreateSchema, req.body), callerOf(res).actor));
  });
  router.get('/suppliers', async (_req, res) => {
    res.json({ items: await procurement.listSuppliers() });
  });

  router.post('/purchase-orders', async (req, res) => {
    const body = parseInput(purchaseOrderCreateSchema, req.body);
    res.status(201).json(await procurement.createPurchaseOrder({ ...body, expectedAt: body.expectedAt ? new Date(body.expectedAt) : undefined, actor: callerOf(res).actor }));
  });
  router.get('/purchase-orders', async (req, res) => {
    res.json({ items: await procurement.listPurchaseOrders(parseInput(purchaseOrderListSchema, req.query, 'query').status) });
  });
  router.post('/purchase-orders/proposals', async (_req, res) => {
    res.status(201).json({ items: await procurement.proposePurchaseOrders(callerOf(res).actor) });
  });
  router.get('/purchase-orders/:number', async (req, res) => {
    res.json(await procurement.getPurchaseOrder(number(req.params.number)));
  });
  for (const to of ['sent', 'cancelled'] as const) {
    router.post(`/purchase-orders/:number/${to === 'sent' ? 'send' : 'cancel'}`, async (req, res) => {
      res.json(await procurement.changeStatus(number(req.params.number), to, callerOf(res).actor));
    });
  }
  router.post('/purchase-orders/:number/receipts', async (req, res) => {
    const { lines } = parseInput(receiptLinesSchema, req.body);
    res.status(201).json(await procurement.receive(number(req.params.number), lines, callerOf(res).actor));
  });
  return router;
}
