import { Router } from 'express';
import type { CoreServices } from '../../../core/services.ts';
import { apiKeyAuth } from './auth.ts';
import { storableInput } from '../storable-input.ts';
import { catalogOperations } from './catalog.routes.ts';
import { orderOperations } from './orders.routes.ts';
import { inventoryOperations } from './inventory.routes.ts';
import { procurementOperations } from './procurement.routes.ts';
import { fulfilmentOperations } from './fulfilment.routes.ts';
import { reportOperations } from './reports.routes.ts';
import { returnOperations } from './returns.routes.ts';
import { ticketOperations } from './tickets.routes.ts';
import { paymentOperations } from './payments.routes.ts';
import { accountOperations } from './accounts.routes.ts';
import { bulkOperations } from './bulk.routes.ts';
import { quoteOperations } from './quotes.routes.ts';
import { manufacturingOperations } from './manufacturing.routes.ts';
import { productionOperations } from './production.routes.ts';
import { planningOperations } from './planning.routes.ts';
import { bookingOperations } from './bookings.routes.ts';
import { fleetOperations } from './fleet.routes.ts';
import { openApiDocument } from './openapi.ts';
import { operationsRouter, type Operation, type RouterOptions } from './operation.ts';

/** Every operation of REST API v1 (the router and the OpenAPI document are made from this list). */
export function apiOperations(core: CoreServices, publicUrl: string): Operation[] {
  return [
    ...catalogOperations(core),
    ...bulkOperations(core.orders),
    ...orderOperations(core.orders),
    ...paymentOperations(core.payments),
    ...accountOperations(core),
    ...quoteOperations(core.quotes),
    ...manufacturingOperations(core.manufacturing),
    ...productionOperations(core.manufacturing),
    ...planningOperations(core.manufacturing),
    ...bookingOperations(core.bookings),
    ...fleetOperations(core.fleet),
    ...inventoryOperations(core),
    ...procurementOperations(core.procurement),
    ...fulfilmentOperations(core, publicUrl),
    ...reportOperations(core.analytics),
    ...returnOperations(core.support),
    ...ticketOperations(core),
  ];
}

/** REST API v1: the OpenAPI document is public; everything else needs a Bearer API key. */
export function apiRouter(core: CoreServices, publicUrl: string, options: RouterOptions = {}): Router {
  const operations = apiOperations(core, publicUrl);
  const document = openApiDocument(publicUrl, operations);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(storableInput);
  router.use(apiKeyAuth(core.staff));
  router.use(operationsRouter(operations, options));
  return router;
}
