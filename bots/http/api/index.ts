import { Router } from 'express';
import type { CoreServices } from '../../../core/services.ts';
import { apiKeyAuth } from './auth.ts';
import { storableInput } from '../storable-input.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { orderRoutes } from './orders.routes.ts';
import { inventoryRoutes } from './inventory.routes.ts';
import { procurementRoutes } from './procurement.routes.ts';
import { fulfilmentRoutes } from './fulfilment.routes.ts';
import { reportRoutes } from './reports.routes.ts';
import { returnRoutes } from './returns.routes.ts';
import { ticketRoutes } from './tickets.routes.ts';
import { openApiDocument } from './openapi.ts';

/** REST API v1: the OpenAPI document is public; everything else needs a Bearer API key. */
export function apiRouter(core: CoreServices, publicUrl: string): Router {
  const router = Router();
  const document = openApiDocument(publicUrl);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(storableInput);
  router.use(apiKeyAuth(core.staff));
  router.use(catalogRoutes(core));
  router.use(orderRoutes(core.orders));
  router.use(inventoryRoutes(core));
  router.use(procurementRoutes(core.procurement));
  router.use(fulfilmentRoutes(core, publicUrl));
  router.use(reportRoutes(core.analytics));
  router.use(returnRoutes(core.support));
  router.use(ticketRoutes(core));
  return router;
}
