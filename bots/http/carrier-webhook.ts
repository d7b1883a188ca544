import express, { Router } from 'express';
import { AppError } from '../../core/shared/errors.ts';
import { carrierSignatureHeader, type LogisticsService } from '../../core/logistics/index.ts';
import { parseInput } from './api/validate.ts';
import { carrierEventsSchema } from './api/fulfilment.schemas.ts';

/**
 * `POST /api/v1/carriers/{code}/events`: tracking pushed by a carrier. Authenticated in core by
 * the carrier's HMAC signature of the raw body (401 otherwise, nothing applied); each event is
 * applied once, however often it is delivered.
 */
export function carrierWebhookRouter(logistics: LogisticsService): Router {
  const router = Router();
  router.post('/:code/events', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const carrier = await logistics.verifyWebhook(String(req.params.code), raw, req.get(carrierSignatureHeader));
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new AppError('invalid_input', 'The body is not JSON');
    }
    const { events } = parseInput(carrierEventsSchema, json);
    res.json(await logistics.applyCarrierEvents(carrier, events.map((event) => ({ ...event, occurredAt: new Date(event.occurredAt) }))));
  });
  return router;
}
