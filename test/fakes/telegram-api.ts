import { RecordingServer, type FakeReply, type RecordedCall } from './recording-server.ts';

/**
 * Fake Telegram Bot API (`TELEGRAM_API_ROOT`): answers `/bot<token>/<method>` like Telegram,
 * records every call, and can be told to answer 429 with `retry_after` or 403 "blocked".
 */
export class FakeTelegramApi extends RecordingServer {
  private messageId = 0;
  private nextUpdateId = 1;
  /** Updates waiting for `getUpdates` (polling mode), and the long polls waiting for them. */
  private readonly pending: Array<Record<string, unknown>> = [];
  private readonly waiting = new Set<() => void>();
  /** Files customers sent (documents), by `file_id`, served at `/file/bot<token>/<file_path>` like Telegram. */
  private readonly files = new Map<string, { path: string; content: Buffer }>();
  readonly token: string;

  constructor(token = '123456:TEST-TOKEN') {
    super(
      (path) => {
        const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
        if (file) return file[1] === token ? 'file' : undefined;
        const match = /^\/bot([^/]+)\/(\w+)$/.exec(path);
        return match && match[1] === token ? match[2] : undefined;
      },
      (call) => this.defaultReply(call),
    );
    this.token = token;
  }

  /** A file a customer uploads: its `file_id` for a `document` message. */
  addFile(content: Buffer): { fileId: string; size: number } {
    const fileId = `file-${this.files.size + 1}`;
    this.files.set(fileId, { path: `documents/${fileId}.csv`, content });
    return { fileId, size: content.length };
  }

  /** Queues an update for a bot in polling mode; returns its `update_id`. */
  pushUpdate(update: Record<string, unknown>): number {
    const updateId = this.nextUpdateId++;
    this.pending.push({ update_id: updateId, ...update });
    for (const wake of this.waiting) wake();
    return updateId;
  }

  /** Long polling like Telegram: answers at once when updates wait, else after `timeout` seconds or the next push. */
  private async getUpdates(call: RecordedCall): Promise<FakeReply> {
    const offset = Number(call.params.offset ?? 0);
    const ready = () => this.pending.filter((update) => Number(update.update_id) >= offset);
    if (ready().length === 0) {
      const seconds = Math.min(Number(call.params.timeout ?? 0), 5);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, seconds * 1000);
        this.waiting.add(wake);
      });
    }
    return ok(ready());
  }

  private defaultReply(call: RecordedCall): FakeReply | Promise<FakeReply> {
    if (call.method === 'getUpdates') return this.getUpdates(call);
    if (call.method === 'getFile') {
      const file = this.files.get(String(call.params.file_id));
      return file ? ok({ file_id: call.params.file_id, file_unique_id: call.params.file_id, file_size: file.content.length, file_path: file.path })
        : { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } };
    }
    if (call.method === 'file') {
      const file = [...this.files.values()].find((each) => call.path.endsWith(`/${each.path}`));
      return file ? { status: 200, body: null, raw: file.content } : { status: 404, body: { ok: false } };
    }
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

  /** What the bot showed one chat, in order: sent messages and edits, with their buttons. */
  screensOf(chatId: string | number): Array<{ method: string; text: string; buttons: Array<{ text: string; callback_data: string }> }> {
    return this.calls
      .filter((call) => (call.method === 'sendMessage' || call.method === 'editMessageText') && String(call.params.chat_id) === String(chatId))
      .map((call) => ({
        method: call.method,
        text: String(call.params.text),
        buttons: ((call.params.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard ?? []).flat(),
      }));
  }

  /** Texts sent to one chat, in order. */
  messagesTo(chatId: string | number): string[] {
    return this.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === String(chatId)).map((call) => String(call.params.text));
  }
}

function ok(result: unknown): FakeReply {
  return { status: 200, body: { ok: true, result } };
}
