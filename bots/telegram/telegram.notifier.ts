import { Telegram, TelegramError } from 'telegraf';
import type { Locale } from '../../core/customers/index.ts';
import { DeliveryFailure, type Notice, type Notifier } from '../../core/notifications/index.ts';
import { renderNotice } from '../i18n/notices.ts';
import { toInlineKeyboard } from './keyboard.ts';

/** Network errors raised before a request reached the server: safe to send again. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Translates what the Bot API answered into a delivery outcome: 429 means wait `retry_after`;
 * 403 (blocked, kicked, deactivated) and "chat not found" mean the person cannot be reached;
 * other 4xx will not get better by retrying; 5xx and refused connections were not delivered.
 * Anything else (a timeout, a reset) is returned as is: the message may have arrived.
 */
export function telegramFailure(error: unknown): unknown {
  if (error instanceof TelegramError) {
    const description = `Telegram ${error.code}: ${error.description}`;
    if (error.code === 429) return new DeliveryFailure('rate_limited', description, (error.parameters?.retry_after ?? 1) * 1000);
    if (error.code === 403 || (error.code === 400 && /chat not found|user is deactivated/i.test(error.description))) {
      return new DeliveryFailure('unreachable', description);
    }
    if (error.code >= 400 && error.code < 500) return new DeliveryFailure('rejected', description);
    return new DeliveryFailure('transient', description);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && notSentCodes.has(code)) return new DeliveryFailure('transient', `Telegram unreachable (${code})`);
  return error;
}

/** Sends notices to Telegram chats through telegraf's Bot API client (`TELEGRAM_API_ROOT`). */
export class TelegramNotifier implements Notifier {
  private readonly telegram: Telegram;
  private readonly timeZone: string;

  constructor(telegram: Telegram, timeZone: string) {
    this.telegram = telegram;
    this.timeZone = timeZone;
  }

  async send(chatId: string, notice: Notice, locale: Locale): Promise<{ externalId: string | null }> {
    const { text, buttons } = renderNotice(notice, locale, this.timeZone);
    try {
      const message = await this.telegram.sendMessage(chatId, text, buttons ? { reply_markup: toInlineKeyboard(buttons) } : {});
      return { externalId: String(message.message_id) };
    } catch (error) {
      throw telegramFailure(error);
    }
  }
}
