import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { startTestApp, type TestApp } from './app.ts';
import { closeAfterAll } from './context.ts';

let updateId = 50_000;

/** A Telegram user talking to the bot through the webhook, as Telegram would deliver it. */
export class TelegramCustomer {
  readonly chatId: number;
  private readonly webhookUrl: string;
  private readonly secret: string;
  private readonly fake: FakeTelegramApi;
  private readonly from: Record<string, unknown>;

  constructor(options: { webhookUrl: string; secret: string; fake: FakeTelegramApi; chatId: number; firstName?: string; languageCode?: string }) {
    this.webhookUrl = options.webhookUrl;
    this.secret = options.secret;
    this.fake = options.fake;
    this.chatId = options.chatId;
    this.from = { id: options.chatId, is_bot: false, first_name: options.firstName ?? 'Wang', ...(options.languageCode && { language_code: options.languageCode }) };
  }

  /** Posts a raw update body to the webhook; returns the HTTP status. `secret: null` sends no secret header. */
  async post(update: Record<string, unknown>, secret: string | null = this.secret): Promise<number> {
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret !== null && { 'x-telegram-bot-api-secret-token': secret }) },
      body: JSON.stringify(update),
    });
    await response.text();
    return response.status;
  }

  messageUpdate(text: string): Record<string, unknown> {
    updateId += 1;
    return { update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: this.chatId, type: 'private', first_name: this.from.first_name }, from: this.from, text } };
  }

  callbackUpdate(data: string): Record<string, unknown> {
    updateId += 1;
    return {
      update_id: updateId,
      callback_query: {
        id: `cb-${updateId}`, from: this.from, chat_instance: `ci-${this.chatId}`, data,
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: this.chatId, type: 'private' }, text: '…' },
      },
    };
  }

  /**
   * Shares a contact with the "share my phone" keyboard button (Telegram fills in the sender's
   * own user id), or, with `ownerId`, someone else's contact card.
   */
  async shareContact(phone: string, ownerId: number = this.chatId): Promise<number> {
    updateId += 1;
    return this.post({
      update_id: updateId,
      message: {
        message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: this.chatId, type: 'private' }, from: this.from,
        contact: { phone_number: phone, first_name: String(this.from.first_name), user_id: ownerId },
      },
    });
  }

  /** Sends a file (a document message) that the fake serves under `fileId`. */
  async sendDocument(fileId: string, fileName: string, size: number): Promise<number> {
    updateId += 1;
    return this.post({
      update_id: updateId,
      message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: this.chatId, type: 'private' }, from: this.from, document: { file_id: fileId, file_unique_id: fileId, file_name: fileName, mime_type: 'text/csv', file_size: size } },
    });
  }

  /** Writes a message. */
  async send(text: string): Promise<number> {
    return this.post(this.messageUpdate(text));
  }

  /** The callback data of the newest button whose label matches. */
  buttonData(label: RegExp): string {
    const screen = this.fake.screensOf(this.chatId).toReversed().find((each) => each.buttons.some((button) => label.test(button.text)));
    const button = screen?.buttons.find((each) => label.test(each.text));
    if (!button) throw new Error(`no button ${label} in ${JSON.stringify(this.fake.screensOf(this.chatId).at(-1))}`);
    return button.callback_data;
  }

  /** Presses the newest button whose label matches. */
  async press(label: RegExp): Promise<number> {
    return this.post(this.callbackUpdate(this.buttonData(label)));
  }

  /** Everything the bot showed this chat (sent and edited), newest last. */
  texts(): string[] {
    return this.fake.screensOf(this.chatId).map((screen) => screen.text);
  }

  lastText(): string {
    return this.texts().at(-1) ?? '';
  }
}

/**
 * An app with Telegram on (webhook with `secret`, against a fresh fake Bot API) and the web
 * chat, on the production pool. The fake stops after the file.
 */
export async function startTelegramTestApp(secret: string, env: Record<string, string> = {}): Promise<{ app: TestApp; telegram: FakeTelegramApi }> {
  const telegram = new FakeTelegramApi();
  const apiRoot = await telegram.start();
  closeAfterAll(() => telegram.stop());
  const app = await startTestApp({ env: { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_WEBHOOK_SECRET: secret, ...env } });
  return { app, telegram };
}
