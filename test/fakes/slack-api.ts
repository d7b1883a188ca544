import { RecordingServer, type FakeReply, type RecordedCall } from './recording-server.ts';

/**
 * Fake Slack Web API (`SLACK_API_URL`): answers `/api/<method>` (or `/<method>`) like Slack,
 * records every call, and can be told to rate-limit (HTTP 429 with Retry-After in the body).
 */
export class FakeSlackApi extends RecordingServer {
  private ts = 1_700_000_000;
  /** Every message posted, with the `ts` the fake gave it (what a thread reply refers to). */
  readonly posted: Array<{ channel: string; ts: string; text: string; threadTs: string | undefined; blocks: unknown }> = [];

  constructor() {
    super((path) => (path.startsWith('/upload/') ? 'upload' : /^\/(?:api\/)?([\w.]+)$/.exec(path)?.[1]), (call) => this.defaultReply(call));
  }

  private defaultReply(call: RecordedCall): FakeReply {
    switch (call.method) {
      case 'auth.test':
        return ok({ url: 'https://fake.slack.test/', team: 'Fake', user: 'orderbot', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'chat.postMessage':
      case 'chat.update': {
        this.ts += 1;
        const ts = String(call.params.ts ?? `${this.ts}.000100`);
        if (call.method === 'chat.postMessage') {
          this.posted.push({ channel: String(call.params.channel), ts, text: String(call.params.text), threadTs: call.params.thread_ts as string | undefined, blocks: call.params.blocks });
        }
        return ok({ channel: call.params.channel, ts, message: { text: call.params.text } });
      }
      case 'views.open': {
        // Slack refuses a view whose private_metadata is over 3,000 characters.
        const metadata = (call.params.view as { private_metadata?: string } | undefined)?.private_metadata ?? '';
        return metadata.length > 3000 ? { status: 200, body: { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] failed to match all allowed schemas [json-pointer:/view/private_metadata]'] } } } : ok({ view: { id: `V${this.ts}` } });
      }
      case 'files.getUploadURLExternal':
        this.ts += 1;
        return ok({ upload_url: `${this.url}/upload/F${this.ts}`, file_id: `F${this.ts}` });
      case 'upload':
        return { status: 200, body: 'OK - uploaded' };
      case 'files.completeUploadExternal':
        return ok({ files: [{ id: 'F0', title: 'upload' }] });
      default:
        return ok({});
    }
  }

  /** The next `count` calls to `method` answer 429 with `Retry-After: seconds`, as Slack does. */
  rateLimitNext(method: string, count: number, seconds: number): this {
    let left = count;
    return this.when((call) => {
      if (call.method !== method || left <= 0) return undefined;
      left -= 1;
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(seconds) } };
    });
  }

  /** The bytes of every file uploaded (files.uploadV2's second step). */
  uploads(): Buffer[] {
    return this.callsTo('upload').map((call) => call.rawBody);
  }

  /** Messages posted to one channel, in order. */
  postsTo(channel: string): RecordedCall[] {
    return this.callsTo('chat.postMessage').filter((call) => call.params.channel === channel);
  }
}

function ok(fields: Record<string, unknown>): FakeReply {
  return { status: 200, body: { ok: true, ...fields } };
}
