import express, { Router } from 'express';
import { z } from 'zod';
import type { Locale } from '../../core/customers/index.ts';
import type { PaymentService } from '../../core/payments/index.ts';
import { t } from '../i18n/index.ts';
import { guessLocale } from '../conversation/features/language.ts';
import { escapeHtml } from './html.ts';

/** Stripe's signature header. */
export const stripeSignatureHeader = 'stripe-signature';

const doneQuery = z.object({ order: z.string().regex(/^SO-\d{8}-\d{6,}$/).optional(), cancelled: z.literal('1').optional() });

/**
 * `POST /payments/stripe/webhook`: the provider's signed notifications (raw body; a wrong
 * signature is 400 and changes nothing; each payment is applied once). `GET /payments/done`:
 * where the customer lands after the provider's page (the chat tells them when the money is in).
 */
export function paymentRoutes(payments: PaymentService, defaultLocale: Locale): Router {
  const router = Router();
  router.post('/stripe/webhook', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    res.json(await payments.handleWebhook(raw, req.get(stripeSignatureHeader)));
  });
  router.get('/done', (req, res) => {
    const query = doneQuery.safeParse(req.query);
    const locale = guessLocale(req.acceptsLanguages('zh-CN', 'zh', 'en') || undefined, defaultLocale);
    const number = query.success ? query.data.order : undefined;
    const key = query.success && query.data.cancelled ? 'payment.page.cancelled' : 'payment.page.done';
    const text = escapeHtml(t(locale, key, { number: number ?? '' }));
    res.set('Cache-Control', 'no-store').type('html').send(`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${text}</title>
<style>body{font:17px system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem}</style></head><body><p>${text}</p></body></html>`);
  });
  return router;
}
