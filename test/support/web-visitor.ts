import { randomUUID } from 'node:crypto';
import { request } from './app.ts';

/** A transcript message as the page reads it. */
export interface PageMessage {
  id: number;
  direction: 'in' | 'out';
  text: string;
  buttons: Array<Array<{ label: string; data: string }>> | null;
}

/** A web chat visitor with their signed cookie, talking to the chat API as the page does. */
export class WebVisitor {
  private readonly baseUrl: string;
  readonly cookie: string;
  private readonly headers: Record<string, string>;

  private constructor(baseUrl: string, cookie: string, language: string) {
    this.baseUrl = baseUrl;
    this.cookie = cookie;
    this.headers = { cookie, 'accept-language': language };
  }

  /** Opens the page (in `language`) and keeps the visitor cookie it sets. */
  static async arrive(baseUrl: string, language = 'en'): Promise<WebVisitor> {
    const page = await fetch(`${baseUrl}/chat`, { headers: { 'accept-language': language } });
    await page.text();
    return new WebVisitor(baseUrl, page.headers.get('set-cookie')!.split(';')[0]!, language);
  }

  /** The same visitor (same cookie) at another address of the app: after a restart on a new port. */
  movedTo(baseUrl: string): WebVisitor {
    return new WebVisitor(baseUrl, this.cookie, this.headers['accept-language']!);
  }

  /** Sends text (or a button's data and label) with a fresh message id; returns status and body. */
  async post(input: { text: string } | { button: { data: string; label: string } }, id = `m-${randomUUID()}`): Promise<{ status: number; body: any; headers: Headers }> {
    return request(`${this.baseUrl}/chat/api/messages`, { body: { id, ...input }, headers: this.headers });
  }

  send(text: string): Promise<{ status: number; body: any; headers: Headers }> {
    return this.post({ text });
  }

  /** Presses the newest button whose label matches. */
  async press(label: RegExp): Promise<{ status: number; body: any; headers: Headers }> {
    const button = (await this.transcript()).toReversed().flatMap((message) => (message.buttons ?? []).flat()).find((each) => label.test(each.label));
    if (!button) throw new Error(`no button ${label}; last: ${JSON.stringify((await this.transcript()).at(-1))}`);
    return this.post({ button });
  }

  async transcript(): Promise<PageMessage[]> {
    return (await request(`${this.baseUrl}/chat/api/messages?after=0`, { headers: this.headers })).body.messages as PageMessage[];
  }

  async lastText(): Promise<string> {
    return (await this.transcript()).at(-1)?.text ?? '';
  }
}
