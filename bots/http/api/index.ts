import { Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { OrderService } from '../../../core/orders/index.ts';
import { apiKeyAuth } from './auth.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { orderRoutes } from './orders.routes.ts';
import { inventoryRoutes } from './inventory.routes.ts';
import { procurementRoutes } from './procurement.routes.ts';
import { fulfilmentRoutes } from './fulfilment.routes.ts';
import { reportRoutes } from './reports.routes.ts';
import { returnRoutes } from './returns.routes.ts';
import { ticketRoutes } from './tickets.routes.ts';
import type { Clock } from '../../../core/shared/clock.ts';
import type { CarrierAdapter } from '../../../core/logistics/index.ts';
import { openApiDocument } from './openapi.ts';

export interface ApiDeps {
  orm: MikroORM;
  orders: OrderService;
  publicUrl: string;
  carriers: ReadonlyMap<string, CarrierAdapter>;
  timeZone: string;
  clock: Clock;
}

/** REST API v1: the OpenAPI document is public; everything else needs a Bearer API key. */
export function apiRouter({ orm, orders, publicUrl, carriers, timeZone, clock }: ApiDeps): Router {
  const router = Router();
  const document = openApiDocument(publicUrl);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(apiKeyAuth(orm));
  router.use(catalogRoutes(orm));
  router.use(orderRoutes(orders));
  router.use(inventoryRoutes(orm));
  router.use(procurementRoutes(orm));
  router.use(fulfilmentRoutes({ orm, carriers, timeZone, clock, publicUrl }));
  router.use(reportRoutes(orm, timeZone, clock));
  router.use(returnRoutes(orm));
  router.use(ticketRoutes(orm));
  return router;
}
