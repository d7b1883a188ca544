import express, { Router } from 'express';
import type { LogisticsService } from '../../core/logistics/index.ts';
import { afterShipSignatureHeader } from '../carriers/aftership.tracking.ts';

/**
 * `POST /webhooks/aftership`: tracking updates of parcels the aggregator follows for us (carriers
 * without their own adapter). Verified in core with the webhook secret (401 otherwise, nothing
 * applied); each update is applied once however often it is delivered.
 */
export function trackingWebhookRouter(logistics: LogisticsService): Router {
  const router = Router();
  router.post('/aftership', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    res.json(await logistics.applyTrackingWebhook(raw, req.get(afterShipSignatureHeader)));
  });
  return router;
}
