import { Telegraf, TelegramError, type Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Logger } from '../../core/shared/logger.ts';
import { isAppError } from '../../core/shared/errors.ts';
import type { Locale } from '../../core/customers/index.ts';
import { t } from '../i18n/index.ts';
import { guessLocale } from '../conversation/features/language.ts';
import type { ConversationEngine } from '../conversation/engine.ts';
import type { ChatInput, InboundUpdate, Reply } from '../conversation/io.ts';
import { toInlineKeyboard } from './keyboard.ts';
import type { InputLimits } from '../input-limits.ts';
import type { ReplyPacer } from './reply-pacer.ts';

/** Options of the Telegram front end. */
export interface TelegramBotOptions {
  token: string;
  /** Bot API root (`TELEGRAM_API_ROOT`); tests point it at the fake. */
  apiRoot: string;
  engine: ConversationEngine;
  logger: Logger;
  /** Language of a customer whose Telegram language is unknown (for the "busy" reply). */
  defaultLocale: Locale;
  /** Paces replies by the platform limits shared with notifications. @default none (unpaced) */
  pacer?: ReplyPacer | undefined;
  /** Hands replies that could not be sent now to the notification pipeline. */
  defer: DeferReplies;
  /** Messages per chat per minute. @default none */
  limits?: InputLimits | undefined;
}

/** Where replies go that could not be sent at once (`core.conversations.deferReplies`). */
export type DeferReplies = (chatId: string, replies: Reply[]) => Promise<void>;

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
  } else if (ctx.message && 'contact' in ctx.message) {
    // Telegram vouches for a contact whose user is the sender: the number of their own account.
    input = { kind: 'contact', phone: ctx.message.contact.phone_number, own: ctx.message.contact.user_id === ctx.from.id };
  } else if (ctx.message && 'document' in ctx.message) {
    // Its text is fetched afterwards (`withDocumentText`): this stays a pure mapping.
    input = { kind: 'document', name: ctx.message.document.file_name ?? 'file', text: null };
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

/** The largest file read as a bulk order (the same limit as a CSV over REST). */
const maxDocumentBytes = 1024 * 1024;

/**
 * A document message gets its text: the file is fetched from Telegram (getFile, then the file
 * URL) when it is at most 1 MiB, and decoded as UTF-8 (bytes that are not stay visible as
 * U+FFFD, which the bulk reader refuses politely). Larger or unreadable files keep `text: null`.
 */
async function withDocumentText(ctx: Context, update: InboundUpdate, logger: Logger): Promise<InboundUpdate> {
  if (update.input.kind !== 'document' || !ctx.message || !('document' in ctx.message)) return update;
  const { document } = ctx.message;
  if ((document.file_size ?? 0) > maxDocumentBytes) return update;
  try {
    const link = await ctx.telegram.getFileLink(document.file_id);
    const response = await fetch(link, { signal: AbortSignal.timeout(10_000) });
    const bytes = Buffer.from(await response.arrayBuffer());
    if (!response.ok || bytes.length > maxDocumentBytes) return update;
    return { ...update, input: { ...update.input, text: new TextDecoder('utf-8').decode(bytes) } };
  } catch (error) {
    logger.warn({ err: error, updateId: ctx.update.update_id }, 'could not fetch a document sent in Telegram');
    return update;
  }
}

/** How long a reply may wait for its send slot, or after a 429, before the pipeline takes it over. */
const replyPatienceMs = 3000;

/**
 * Sends one reply (editing the pressed message when the reply says so): within the platform
 * limits, waiting out a 429's `retry_after` once. False when it could not go out now.
 */
async function sendReply(ctx: Context, chatId: string, reply: Reply, pacer: ReplyPacer | undefined, logger: Logger): Promise<boolean> {
  const inline = reply.buttons ? { reply_markup: toInlineKeyboard(reply.buttons) } : {};
  // A "share my phone" button is a reply keyboard: sent as a new message, never an edit.
  const extra = reply.contactButton
    ? { reply_markup: { keyboard: [[{ text: reply.contactButton, request_contact: true }]], one_time_keyboard: true, resize_keyboard: true } }
    : inline;
  const pressedMessage = ctx.callbackQuery?.message;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (pacer && !(await pacer.slot(chatId, replyPatienceMs))) return false;
    try {
      if (reply.edit && pressedMessage && !reply.contactButton) {
        const edited = await ctx.telegram.editMessageText(chatId, pressedMessage.message_id, undefined, reply.text, inline).then(() => true, (error: unknown) => {
          if (error instanceof TelegramError && error.code === 429) throw error;
          return false;
        });
        if (edited) return true;
      }
      await ctx.telegram.sendMessage(chatId, reply.text, extra);
      return true;
    } catch (error) {
      if (!(error instanceof TelegramError) || error.code !== 429) {
        logger.warn({ err: (error as Error).message, chatId }, 'Telegram reply not sent; handing it to the notification pipeline');
        return false;
      }
      const retryAfterMs = (error.parameters?.retry_after ?? 1) * 1000;
      await pacer?.pause(retryAfterMs);
      if (retryAfterMs > replyPatienceMs) return false;
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
    }
  }
  return false;
}

/**
 * Sends the replies in order. Those that cannot go out now (rate limited past our patience,
 * Telegram failing) are handed, with every reply after them, to the notification pipeline,
 * which sends them in order within the limits: a reply is never silently dropped.
 */
async function sendReplies(ctx: Context, chatId: string, replies: Reply[], deps: { pacer?: ReplyPacer | undefined; logger: Logger; defer: DeferReplies }): Promise<void> {
  for (const [index, reply] of replies.entries()) {
    if (await sendReply(ctx, chatId, reply, deps.pacer, deps.logger)) continue;
    await deps.defer(chatId, replies.slice(index));
    return;
  }
}

/**
 * Builds the bot: every private message and button press goes through the engine, replies are
 * sent (or the pressed message edited) afterwards, and every button press is answered so the
 * customer's spinner stops. `webhookReply` is off: replies are real API calls we can check.
 */
export function createTelegramBot({ token, apiRoot, engine, logger, defaultLocale, pacer, defer, limits }: TelegramBotOptions): TelegramBot {
  const bot = new Telegraf(token, { telegram: { apiRoot, webhookReply: false } });
  const failed = new WeakSet<object>();
  // Updates already told "busy": Telegram redelivers them, and one apology each is enough.
  const toldBusy = new Set<number>();

  bot.use(async (ctx) => {
    const update = toInboundUpdate(ctx);
    if (!update) return;
    if (limits) {
      // A flood is not handled at all; its first message over the limit gets one polite word.
      const gate = await limits.limiter.hit(`chat:telegram:${update.chatId}`, limits.chatMessagesPerMinute, 60_000);
      if (!gate.allowed) {
        if (gate.count === limits.chatMessagesPerMinute + 1) {
          await ctx.telegram.sendMessage(update.chatId, t(guessLocale(update.profile.languageCode, defaultLocale), 'chat.slow_down')).catch(() => undefined);
        }
        if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
        return;
      }
    }
    try {
      const replies = await engine.handle(await withDocumentText(ctx, update, logger));
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
      if (replies) await sendReplies(ctx, update.chatId, replies, { pacer, logger, defer });
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
