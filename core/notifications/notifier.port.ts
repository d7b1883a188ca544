import type { Locale } from '../customers/index.ts';
import type { Notice } from './notice.ts';

/**
 * Sends notices on one channel (Telegram, web chat, Slack). Implemented in `bots/`; the
 * notification job calls it at most once per notification row and pacing is the job's business.
 */
export interface Notifier {
  /**
   * Delivers one notice to `recipient` (a chat id, web chat visitor id or Slack channel).
   * Resolves with the platform's message id; rejects with `DeliveryFailure` when the platform
   * refused, or any other error when the outcome is unknown (network, 5xx).
   */
  send(recipient: string, notice: Notice, locale: Locale): Promise<{ externalId: string | null }>;
}

/**
 * Why a platform refused a message:
 * - `rate_limited`: too fast; nothing was delivered, try again after `retryAfterMs`;
 * - `unreachable`: the person blocked the bot or the chat is gone; stop sending to them;
 * - `rejected`: the request itself was refused (other 4xx); retrying would fail the same way;
 * - `transient`: the platform failed before accepting the message (5xx, connection refused).
 */
export type DeliveryFailureKind = 'rate_limited' | 'unreachable' | 'rejected' | 'transient';

/** The one error a notifier throws for a refused message. */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';
  readonly kind: DeliveryFailureKind;
  readonly retryAfterMs: number;

  constructor(kind: DeliveryFailureKind, message: string, retryAfterMs = 0) {
    super(message);
    this.kind = kind;
    this.retryAfterMs = retryAfterMs;
  }
}

export function isDeliveryFailure(error: unknown): error is DeliveryFailure {
  return error instanceof DeliveryFailure;
}
