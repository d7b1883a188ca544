import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Update } from 'telegraf/types';
import { AppError } from '../../core/shared/errors.ts';
import type { TelegramBot } from './telegram.bot.ts';

/** The header Telegram sends with the secret given to `setWebhook`. */
const secretHeader = 'x-telegram-bot-api-secret-token';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const updateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * `POST /telegram/webhook`: refuses a missing or wrong secret token (401, nothing processed),
 * refuses bodies that are not updates (400), and answers 200 once the update is handled, or
 * 503 when it could not be (Telegram then delivers it again; it is processed once).
 */
export function telegramWebhookRouter(telegram: TelegramBot, secret: string): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    if (!sameSecret(req.get(secretHeader) ?? '', secret)) {
      throw new AppError('unauthenticated', 'Missing or wrong X-Telegram-Bot-Api-Secret-Token');
    }
    const parsed = updateShape.safeParse(req.body);
    if (!parsed.success) throw new AppError('invalid_input', 'The body is not a Telegram update', { issues: parsed.error.issues });
    try {
      await telegram.handleUpdate(parsed.data as unknown as Update);
    } catch {
      throw new AppError('unavailable', 'The update could not be handled now; deliver it again later');
    }
    res.json({ ok: true });
  });
  return router;
}
