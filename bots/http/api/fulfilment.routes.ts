import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from '../../../core/shared/clock.ts';
import { setBin } from '../../../core/inventory/index.ts';
import { createPickList, getPickList, scanItem } from '../../../core/fulfilment/index.ts';
import { saveCarrier, shipmentsOf, shipOrder, type CarrierAdapter } from '../../../core/logistics/index.ts';
import { callerOf } from './auth.ts';
import { parseInput } from './validate.ts';
import { binSchema, carrierCode, carrierSetupSchema, orderNumber, pickListCreateSchema, pickListNumber, scanSchema } from './fulfilment.schemas.ts';

/** What the fulfilment endpoints need. */
export interface FulfilmentDeps {
  orm: MikroORM;
  carriers: ReadonlyMap<string, CarrierAdapter>;
  timeZone: string;
  clock: Clock;
  publicUrl: string;
}

const listNumber = (value: unknown) => parseInput(pickListNumber, value, 'pick list number');

/** `/pick-lists`, `/inventory/bins`, `/orders/{number}/shipments`, `PUT /carriers/{code}`. */
export function fulfilmentRoutes(deps: FulfilmentDeps): Router {
  const router = Router();
  const em = () => deps.orm.em.fork();

  router.post('/pick-lists', async (req, res) => {
    const { pickList, token } = await createPickList(em(), { ...parseInput(pickListCreateSchema, req.body), actor: callerOf(res).actor });
    // The printable page (with its scan box) is reached by this link; the token is shown once.
    res.status(201).json({ ...pickList, printUrl: `${deps.publicUrl}/pick-lists/${pickList.number}/print?token=${token}` });
  });
  router.get('/pick-lists/:number', async (req, res) => {
    res.json(await getPickList(em(), listNumber(req.params.number)));
  });
  router.post('/pick-lists/:number/scan', async (req, res) => {
    res.json(await scanItem(em(), listNumber(req.params.number), parseInput(scanSchema, req.body), callerOf(res).actor));
  });
  router.put('/inventory/bins', async (req, res) => {
    const body = parseInput(binSchema, req.body);
    await setBin(em(), body);
    res.json(body);
  });

  router.post('/orders/:number/shipments', async (req, res) => {
    const shipment = await shipOrder(em(), {
      orderNumber: parseInput(orderNumber, req.params.number, 'order number'), adapters: deps.carriers, timeZone: deps.timeZone, now: deps.clock.now(), actor: callerOf(res).actor,
    });
    res.status(201).json(shipment);
  });
  router.get('/orders/:number/shipments', async (req, res) => {
    res.json({ items: await shipmentsOf(em(), parseInput(orderNumber, req.params.number, 'order number')) });
  });
  router.put('/carriers/:code', async (req, res) => {
    const code = parseInput(carrierCode, req.params.code, 'carrier code');
    const carrier = await saveCarrier(em(), { code, ...parseInput(carrierSetupSchema, req.body) });
    res.json({ code: carrier.code, name: carrier.name, onTimeRate: Number(carrier.onTimeRate) });
  });
  return router;
}
