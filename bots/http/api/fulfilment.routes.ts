import { Router } from 'express';
import type { CoreServices } from '../../../core/services.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';
import { binSchema, carrierCode, carrierSetupSchema, orderNumber, pickListCreateSchema, pickListNumber, scanSchema } from './fulfilment.schemas.ts';

const listNumber = (value: unknown) => parseInput(pickListNumber, value, 'pick list number');

/** `/pick-lists`, `/inventory/bins`, `/orders/{number}/shipments`, `PUT /carriers/{code}`. */
export function fulfilmentRoutes({ fulfilment, inventory, logistics }: CoreServices, publicUrl: string): Router {
  const router = Router();

  router.post('/pick-lists', async (req, res) => {
    const { pickList, token } = await fulfilment.createPickList({ ...parseInput(pickListCreateSchema, req.body), actor: callerOf(res).actor });
    // The printable page (with its scan box) is reached by this link; the token is shown once.
    res.status(201).json({ ...pickList, printUrl: `${publicUrl}/pick-lists/${pickList.number}/print?token=${token}` });
  });
  router.get('/pick-lists/:number', async (req, res) => {
    res.json(await fulfilment.getPickList(listNumber(req.params.number)));
  });
  router.post('/pick-lists/:number/scan', async (req, res) => {
    res.json(await fulfilment.scan(listNumber(req.params.number), parseInput(scanSchema, req.body), callerOf(res).actor));
  });
  router.put('/inventory/bins', async (req, res) => {
    const body = parseInput(binSchema, req.body);
    await inventory.setBin(body, callerOf(res).actor);
    res.json(body);
  });

  router.post('/orders/:number/shipments', async (req, res) => {
    res.status(201).json(await logistics.shipOrder(parseInput(orderNumber, req.params.number, 'order number'), callerOf(res).actor));
  });
  router.get('/orders/:number/shipments', async (req, res) => {
    res.json({ items: await logistics.shipmentsOf(parseInput(orderNumber, req.params.number, 'order number')) });
  });
  router.put('/carriers/:code', async (req, res) => {
    const code = parseInput(carrierCode, req.params.code, 'carrier code');
    res.json(await logistics.saveCarrier({ code, ...parseInput(carrierSetupSchema, req.body) }, callerOf(res).actor));
  });
  return router;
}
