import { z } from 'zod';

/**
 * What a button sends back when pressed, typed and validated: never a hand-split string.
 * Encoded as compact JSON, which stays within Telegram's 64-byte `callback_data` limit.
 */
export const callbackData = z.discriminatedUnion('a', [
  /** A delivery rating from 1 (poor) to 5 (excellent) for one order. */
  z.object({ a: z.literal('rate'), o: z.string().min(1).max(32), s: z.number().int().min(1).max(5) }),
]);

export type CallbackData = z.infer<typeof callbackData>;

/** Max bytes of Telegram's `callback_data`. */
const maxBytes = 64;

export function encodeCallback(data: CallbackData): string {
  const encoded = JSON.stringify(callbackData.parse(data));
  if (Buffer.byteLength(encoded) > maxBytes) throw new Error(`callback data longer than ${maxBytes} bytes: ${encoded}`);
  return encoded;
}

/** The button's data, or null when it is not ours or no longer valid (an old message's button). */
export function decodeCallback(raw: string): CallbackData | null {
  try {
    const parsed = callbackData.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
