import { RecordingServer, type FakeReply, type RecordedCall } from './recording-server.ts';

/**
 * Fake Telegram Bot API (`TELEGRAM_API_ROOT`): answers `/bot<token>/<method>` like Telegram,
 * records every call, and can be told to answer 429 with `retry_after` or 403 "blocked".
 */
export class FakeTelegramApi extends RecordingServer {
  private messageId = 0;
  readonly token: string;

  constructor(token = '123456:TEST-TOKEN') {
    super(
      (path) => {
        const match = /^\/bot([^/]+)\/(\w+)$/.exec(path);
        return match && match[1] === token ? match[2] : undefined;
      },
      (call) => this.defaultReply(call),
    );
    this.token = token;
  }

  private defaultReply(call: RecordedCall): FakeReply {
    if (call.method === 'getMe') {
      return ok({ id: 123456, is_bot: true, first_name: 'Order Bot', username: 'order_test_bot' });
    }
    if (call.method === 'sendMessage' || call.method === 'editMessageText') {
      this.messageId += 1;
      return ok({ message_id: this.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(call.params.chat_id), type: 'private' }, text: call.params.text });
    }
    return ok(true);
  }

  /** The next `count` calls to `method` answer 429 Too Many Requests with `retry_after` seconds. */
  rateLimitNext(method: string, count: number, retryAfterSeconds: number): this {
    let left = count;
    return this.when((call) => {
      if (call.method !== method || left <= 0) return undefined;
      left -= 1;
      return { status: 429, body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfterSeconds}`, parameters: { retry_after: retryAfterSeconds } } };
    });
  }

  /** Every message to `chatId` answers 403, as when the user blocked the bot. */
  blockedBy(chatId: string | number): this {
    return this.when((call) => String(call.params.chat_id) === String(chatId)
      ? { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } }
      : undefined);
  }

  /** Texts sent to one chat, in order. */
  messagesTo(chatId: string | number): string[] {
    return this.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === String(chatId)).map((call) => String(call.params.text));
  }
}

function ok(result: unknown): FakeReply {
  return { status: 200, body: { ok: true, result } };
}
