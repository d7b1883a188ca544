/**
 * Paces chat replies by the same platform limits as notifications (Telegram: about 1 message a
 * second to one chat, 30 overall), shared by every process through Redis. Implemented over the
 * send rate limiter of `jobs/`; `main.ts` plugs it in.
 */
export interface ReplyPacer {
  /** Waits for a send slot for one message to `chatId`; false when none comes within `maxWaitMs`. */
  slot(chatId: string, maxWaitMs: number): Promise<boolean>;
  /** The platform answered 429: every sender holds off for `ms`. */
  pause(ms: number): Promise<void>;
}
