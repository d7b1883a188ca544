import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeTelegramApi } from '../test/fakes/telegram-api.ts';
import type { Progress } from './progress.ts';

/** A block of Telegram chats, `firstChatId` ... `firstChatId + count - 1`, each expecting one message. */
export interface ChatRange {
  firstChatId: number;
  count: number;
}

function inRange(chatId: number, { firstChatId, count }: ChatRange): boolean {
  return chatId >= firstChatId && chatId < firstChatId + count;
}

/** `sendMessage` calls the fake received per chat of the range (chats without any are absent). */
export function messagesPerChat(api: FakeTelegramApi, range: ChatRange): Map<number, number> {
  const perChat = new Map<number, number>();
  for (const call of api.callsTo('sendMessage')) {
    const chatId = Number(call.params.chat_id);
    if (inRange(chatId, range)) perChat.set(chatId, (perChat.get(chatId) ?? 0) + 1);
  }
  return perChat;
}

/** How far delivery got when `waitForMessages` returned. */
export interface DeliveryProgress {
  delivered: number;
  /** Arrival (`Date.now()` clock) of the last message counted. */
  lastAt: number;
}

/**
 * Watches the fake Bot API until `range.count` messages to the range have arrived, or none has
 * arrived for `stallMs` (then returns short; the caller reports the shortfall).
 */
export async function waitForMessages(api: FakeTelegramApi, range: ChatRange, stallMs: number, progress: Progress): Promise<DeliveryProgress> {
  let scanned = 0;
  let delivered = 0;
  let lastAt = Date.now();
  while (delivered < range.count && Date.now() - lastAt < stallMs) {
    await sleep(25);
    const calls = api.calls;
    for (; scanned < calls.length; scanned += 1) {
      const call = calls[scanned]!;
      if (call.method !== 'sendMessage' || !inRange(Number(call.params.chat_id), range)) continue;
      delivered += 1;
      lastAt = Math.max(lastAt, call.at);
      progress.advance();
    }
  }
  return { delivered, lastAt };
}
