import { createHmac } from 'node:crypto';

let counter = 0;

/** Sends requests to `/slack/events` signed exactly as Slack signs them (v0 HMAC-SHA256). */
export class SlackRequests {
  private readonly url: string;
  private readonly secret: string;

  constructor(url: string, secret: string) {
    this.url = url;
    this.secret = secret;
  }

  sign(body: string, timestamp: number): string {
    return `v0=${createHmac('sha256', this.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  }

  /** Posts a raw body; `signature: null` sends none, `age` makes the timestamp that many seconds old. */
  async post(body: string, contentType: string, options: { signature?: string | null; age?: number; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
    const timestamp = Math.floor(Date.now() / 1000) - (options.age ?? 0);
    const signature = options.signature === undefined ? this.sign(body, timestamp) : options.signature;
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        ...(signature !== null && { 'x-slack-signature': signature }),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // plain text answer (slash command)
    }
    return { status: response.status, body: parsed };
  }

  /** Interactivity (button clicks, modal submissions): form-encoded `payload`. */
  interaction(payload: Record<string, unknown>, options?: Parameters<SlackRequests['post']>[2]) {
    return this.post(new URLSearchParams({ payload: JSON.stringify({ team: { id: 'T0FAKE' }, api_app_id: 'A0APP', ...payload }) }).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** A button click on a message. */
  click(user: string, actionId: string, value: string, message: { channel: string; ts: string; blocks?: unknown }) {
    counter += 1;
    return this.interaction({
      type: 'block_actions', user: { id: user, team_id: 'T0FAKE' }, trigger_id: `trigger-${counter}`, channel: { id: message.channel },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
      message: { ts: message.ts, type: 'message', text: '', blocks: message.blocks ?? [] },
      actions: [{ type: 'button', action_id: actionId, block_id: 'decision', value, action_ts: `${Date.now() / 1000}` }],
      response_url: 'https://hooks.slack.invalid/actions',
    });
  }

  /** A modal submission. */
  submitView(user: string, callbackId: string, values: Record<string, unknown>, privateMetadata = '', viewId = `V${(counter += 1)}`) {
    return this.interaction({
      type: 'view_submission', user: { id: user, team_id: 'T0FAKE' }, trigger_id: `trigger-${counter}`,
      view: { id: viewId, type: 'modal', callback_id: callbackId, private_metadata: privateMetadata, state: { values }, hash: 'h' },
    });
  }

  /** A slash command. */
  command(user: string, command: string, text = '') {
    counter += 1;
    const body = new URLSearchParams({
      command, text, user_id: user, user_name: user, channel_id: 'C_STAFF', team_id: 'T0FAKE', api_app_id: 'A0APP',
      trigger_id: `trigger-${counter}`, response_url: 'https://hooks.slack.invalid/commands', token: 'unused',
    });
    return this.post(body.toString(), 'application/x-www-form-urlencoded');
  }

  /** An Events API callback; pass the same `eventId` (and a retry header) to imitate Slack's retries. */
  event(event: Record<string, unknown>, eventId = `Ev${(counter += 1)}`, retryNum?: number) {
    const body = JSON.stringify({ token: 'unused', team_id: 'T0FAKE', api_app_id: 'A0APP', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000), event });
    return this.post(body, 'application/json', retryNum === undefined ? {} : { headers: { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } });
  }
}
