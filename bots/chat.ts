import type { CountryCode } from 'libphonenumber-js';
import type { RequestHandler } from 'express';
import type { InputLimits } from './input-limits.ts';
import type { Config } from '../core/shared/config.ts';
import type { Logger } from '../core/shared/logger.ts';
import type { CoreServices } from '../core/services.ts';
import { createConversationEngine, type ConversationEngine } from './conversation/engine.ts';
import { createTelegramBot, type TelegramBot } from './telegram/telegram.bot.ts';
import { telegramWebhookRouter } from './telegram/telegram.webhook.ts';
import { webchatRouter } from './webchat/webchat.routes.ts';
import { VisitorSigner } from './webchat/visitor.ts';
import { ChatEventHub } from './webchat/chat-events.ts';
import type { ReplyPacer } from './telegram/reply-pacer.ts';
import { warmClassifier } from './nlu/classifier.ts';

/** The customer chat front ends of a web process. */
export interface ChatFrontEnds {
  engine: ConversationEngine;
  telegram: TelegramBot | undefined;
  /** Routes to mount: `/chat`, and `/telegram/webhook` in webhook mode. */
  routes: Array<[string, RequestHandler]>;
  /** Registers the webhook with Telegram, or starts polling (`TELEGRAM_MODE=polling`). */
  start(): Promise<void>;
  /** Stops polling and ends open web chat event streams. */
  stop(): Promise<void>;
}

/**
 * Builds Telegram and the web chat over one conversation engine. Telegram is off without
 * `TELEGRAM_BOT_TOKEN`, and its webhook is off without `TELEGRAM_WEBHOOK_SECRET` (an
 * unauthenticated webhook would let anyone speak as any customer); each says so once.
 */
export function createChatFrontEnds(config: Config, core: CoreServices, logger: Logger, options: {
  pacer?: ReplyPacer | undefined;
  /** Signs visitor cookies: `WEBCHAT_SECRET`, else the installation's (`core.webchatSecret()`). */
  webchatSecret: string;
  /** Flood limits of the public surfaces, shared by every web process. @default none */
  limits?: InputLimits | undefined;
}): ChatFrontEnds {
  // The intent classifier for free text is read (or trained, off the main thread) in the background;
  // until it is ready, free text is read by the patterns alone.
  void warmClassifier().catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'intent classifier unavailable; free text is read by patterns only'));
  const engine = createConversationEngine({ core, policy: core.orders.policy, timeZone: config.REPORT_TIMEZONE, defaultLocale: config.DEFAULT_LOCALE, logger, returnWindowDays: config.RETURN_WINDOW_DAYS, phoneRegion: config.PHONE_REGION as CountryCode });
  const routes: Array<[string, RequestHandler]> = [];

  const hub = new ChatEventHub(core.conversations, logger);
  routes.push(['/chat', webchatRouter({
    engine, conversations: core.conversations, hub, defaultLocale: config.DEFAULT_LOCALE,
    signer: new VisitorSigner(options.webchatSecret),
    secureCookie: config.PUBLIC_URL.startsWith('https://'), limits: options.limits,
  })]);

  let telegram: TelegramBot | undefined;
  if (!config.TELEGRAM_BOT_TOKEN) {
    logger.info('Telegram bot is off: TELEGRAM_BOT_TOKEN is not set');
  } else {
    telegram = createTelegramBot({
      token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, engine, logger, defaultLocale: config.DEFAULT_LOCALE, pacer: options.pacer, limits: options.limits,
      defer: (chatId, replies) => core.conversations.deferReplies('telegram', chatId, replies),
    });
    if (config.TELEGRAM_MODE === 'webhook') {
      if (config.TELEGRAM_WEBHOOK_SECRET) routes.push(['/telegram/webhook', telegramWebhookRouter(telegram, config.TELEGRAM_WEBHOOK_SECRET)]);
      else logger.warn('Telegram webhook is off: set TELEGRAM_WEBHOOK_SECRET (or TELEGRAM_MODE=polling for local use)');
    }
  }

  return {
    engine,
    telegram,
    routes,
    async start() {
      if (!telegram) return;
      if (config.TELEGRAM_MODE === 'polling') {
        // launch() resolves only when polling stops, so it is not awaited.
        telegram.bot.launch({ allowedUpdates: ['message', 'callback_query'] }).catch((error: unknown) => logger.error({ err: error }, 'Telegram polling stopped'));
        logger.info('Telegram bot polling for updates');
      } else if (config.TELEGRAM_WEBHOOK_SECRET) {
        const url = `${config.PUBLIC_URL}/telegram/webhook`;
        await telegram.bot.telegram.setWebhook(url, { secret_token: config.TELEGRAM_WEBHOOK_SECRET, allowed_updates: ['message', 'callback_query'] })
          .then(() => logger.info({ url }, 'Telegram webhook registered'))
          .catch((error: unknown) => logger.warn({ url, err: (error as Error).message }, 'Telegram webhook not registered (Telegram needs a public https PUBLIC_URL)'));
      }
    },
    async stop() {
      if (telegram && config.TELEGRAM_MODE === 'polling') {
        try {
          telegram.bot.stop('shutdown');
        } catch {
          // Not running (it never got going): nothing to stop.
        }
      }
      await hub.close();
    },
  };
}
