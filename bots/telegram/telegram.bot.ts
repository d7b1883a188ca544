import { Telegraf, type Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../core/shared/logger.ts';
import { isAppError } from '../../core/shared/errors.ts';
import type { Locale } from '../../core/customers/index.ts';
import { t } from '../i18n/index.ts';
import { guessLocale } from '../conversation/features/language.ts';
import type { ConversationEngine } from '../conversation/engine.ts';
import type { ChatInput, InboundUpdate, Reply } from '../conversation/io.ts';
import { toInlineKeyboard } from './keyboard.ts';

/** Options of the Telegram front end. */
export interface TelegramBotOptions {
  token: string;
  /** Bot API root (`TELEGRAM_API_ROOT`); tests point it at the fake. */
  apiRoot: string;
  engine: ConversationEngine;
  logger: Logger;
  /** Language of a customer whose Telegram language is unknown (for the "busy" reply). */
  defaultLocale: Locale;
}

/** The Telegram front end: telegraf in front of the conversation engine. */
export interface TelegramBot {
  bot: Telegraf;
  /** Handles one webhook update; rejects when it could not be handled (Telegram will redeliver). */
  handleUpdate(update: Update): Promise<void>;
}

/** The customer's name as Telegram knows it. */
function displayName(from: { first_name: string; last_name?: string | undefined; username?: string | undefined } | undefined): string {
  if (!from) return 'Customer';
  return [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username || 'Customer';
}

/** A private chat's message or button press as a channel-neutral update, or null (groups, edits...). */
export function toInboundUpdate(ctx: Context): InboundUpdate | null {
  if (ctx.chat && ctx.chat.type !== 'private') return null;
  const chatId = String(ctx.chat?.id ?? ctx.from?.id ?? '');
  if (!chatId || !ctx.from) return null;
  let input: ChatInput;
  if (ctx.callbackQuery) {
    input = { kind: 'button', data: 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : '' };
  } else if (ctx.message) {
    const photo = 'photo' in ctx.message ? ` [photo ${ctx.message.photo.at(-1)?.file_id ?? ''}]` : '';
    input = { kind: 'text', text: 'text' in ctx.message ? ctx.message.text : 'caption' in ctx.message ? `${ctx.message.caption ?? ''}${photo}`.trim() : '' };
  } else {
    return null;
  }
  return {
    channel: 'telegram', chatId, updateKey: String(ctx.update.update_id), input,
    profile: { name: displayName(ctx.from), languageCode: ctx.from.language_code },
  };
}

async function sendReplies(ctx: Context, chatId: string, replies: Reply[]): Promise<void> {
  const pressedMessage = ctx.callbackQuery?.message;
  for (const reply of replies) {
    const extra = reply.buttons ? { reply_markup: toInlineKeyboard(reply.buttons) } : {};
    if (reply.edit && pressedMessage) {
      const edited = await ctx.telegram.editMessageText(chatId, pressedMessage.message_id, undefined, reply.text, extra).then(() => true, () => false);
      if (edited) continue;
    }
    await ctx.telegram.sendMessage(chatId, reply.text, extra);
  }
}

/**
 * Builds the bot: every private message and button press goes through the engine, replies are
 * sent (or the pressed message edited) afterwards, and every button press is answered so the
 * customer's spinner stops. `webhookReply` is off: replies are real API calls we can check.
 */
export function createTelegramBot({ token, apiRoot, engine, logger, defaultLocale }: TelegramBotOptions): TelegramBot {
  const bot = new Telegraf(token, { telegram: { apiRoot, webhookReply: false } });
  const failed = new WeakSet<object>();
  // Updates already told "busy": Telegram redelivers them, and one apology each is enough.
  const toldBusy = new Set<number>();

  bot.use(async (ctx) => {
    const update = toInboundUpdate(ctx);
    if (!update) return;
    try {
      const replies = await engine.handle(update);
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
      if (replies) await sendReplies(ctx, update.chatId, replies);
    } catch (error) {
      failed.add(ctx.update);
      if (isAppError(error) && error.kind === 'unavailable') {
        // The database cannot take the turn now: say so, and let Telegram deliver it again.
        logger.warn({ updateId: ctx.update.update_id }, 'Telegram update deferred: the database is busy');
        if (!toldBusy.has(ctx.update.update_id)) {
          toldBusy.add(ctx.update.update_id);
          if (toldBusy.size > 1000) toldBusy.delete(toldBusy.values().next().value!);
          await ctx.telegram.sendMessage(update.chatId, t(guessLocale(update.profile.languageCode, defaultLocale), 'chat.busy')).catch(() => undefined);
        }
        if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
        return;
      }
      logger.error({ err: error, updateId: ctx.update.update_id }, 'Telegram update not handled');
    }
  });
  // Errors are logged above; nothing may stop the polling loop.
  bot.catch((error) => logger.error({ err: error }, 'Telegram middleware error'));

  return {
    bot,
    async handleUpdate(update) {
      await bot.handleUpdate(update);
      if (failed.has(update)) throw new Error(`update ${update.update_id} not handled`);
    },
  };
}
