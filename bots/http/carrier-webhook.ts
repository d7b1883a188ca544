import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AppError } from '../../core/shared/errors.ts';
import { applyCarrierEvents, carrierByCode } from '../../core/logistics/index.ts';
import { parseInput } from './api/validate.ts';
import { carrierEventsSchema } from './api/fulfilment.schemas.ts';

/** The header carrying `sha256=<hex HMAC-SHA256 of the raw body>` with the carrier's secret. */
export const carrierSignatureHeader = 'x-carrier-signature';

export function signCarrierBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * `POST /api/v1/carriers/{code}/events`: tracking pushed by a carrier. Authenticated by the
 * carrier's HMAC signature of the raw body (401 otherwise, nothing applied); each event is
 * applied once, however often it is delivered.
 */
export function carrierWebhookRouter(orm: MikroORM): Router {
  const router = Router();
  router.post('/:code/events', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const carrier = await carrierByCode(orm.em.fork(), String(req.params.code));
    if (!carrier) throw new AppError('not_found', `No carrier ${req.params.code}`);
    const given = Buffer.from(req.get(carrierSignatureHeader) ?? '');
    const expected = Buffer.from(carrier.webhookSecret ? signCarrierBody(carrier.webhookSecret, raw) : '');
    if (!carrier.webhookSecret || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError('unauthenticated', 'Missing or wrong carrier signature');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new AppError('invalid_input', 'The body is not JSON');
    }
    const { events } = parseInput(carrierEventsSchema, json);
    const result = await applyCarrierEvents(orm.em.fork(), carrier.code, events.map((event) => ({ ...event, occurredAt: new Date(event.occurredAt) })));
    res.json(result);
  });
  return router;
}
