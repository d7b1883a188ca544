import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/** One API call as the fake received it. */
export interface RecordedCall {
  method: string;
  /** HTTP method and path as sent (Stripe routes by both). */
  httpMethod: string;
  path: string;
  params: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  at: number;
  /** The body as received (for binary uploads). */
  rawBody: Buffer;
}

/** What a handler answers: HTTP status and JSON body. */
export interface FakeReply {
  status: number;
  body: unknown;
  /** Extra response headers (Slack sends Retry-After as a header). */
  headers?: Record<string, string>;
  /** Bytes sent as they are instead of the JSON body (a file download). */
  raw?: Buffer;
}

/** Decides the reply to a call; return undefined to fall through to the default reply. */
export type ReplyRule = (call: RecordedCall) => FakeReply | undefined | Promise<FakeReply | undefined>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Form bodies as Slack sends them: flat keys, JSON-encoded objects and arrays. */
function parseJsonForm(raw: string): Record<string, unknown> {
  return Object.fromEntries([...new URLSearchParams(raw)].map(([key, value]) => [key, value.startsWith('[') || value.startsWith('{') ? JSON.parse(value) : value]));
}

function readParams(req: IncomingMessage, body: Buffer, parseForm: (raw: string) => Record<string, unknown>): Record<string, unknown> {
  const raw = body.toString('utf8');
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  if (type.includes('application/x-www-form-urlencoded')) return parseForm(raw);
  return { raw };
}

/**
 * A small HTTP server on 127.0.0.1 that records every API call and answers through rules
 * (first match wins) or a default. The Telegram and Slack fakes are built on it.
 */
export class RecordingServer {
  readonly calls: RecordedCall[] = [];
  private readonly rules: ReplyRule[] = [];
  private server: Server | undefined;
  /** Where the server listens, once started. */
  url = '';
  private readonly route: (path: string, httpMethod: string) => string | undefined;
  private readonly fallback: (call: RecordedCall) => FakeReply | Promise<FakeReply>;
  private readonly parseForm: (raw: string) => Record<string, unknown>;

  /**
   * @param route extracts the API method from a request path and HTTP method (undefined: 404)
   * @param fallback the reply when no rule matches
   * @param parseForm turns an `application/x-www-form-urlencoded` body into params
   */
  constructor(route: (path: string, httpMethod: string) => string | undefined, fallback: (call: RecordedCall) => FakeReply | Promise<FakeReply>, parseForm = parseJsonForm) {
    this.route = route;
    this.fallback = fallback;
    this.parseForm = parseForm;
  }

  /** Adds a rule checked before the default reply (e.g. a 429 for the next call). */
  when(rule: ReplyRule): this {
    this.rules.push(rule);
    return this;
  }

  /** Calls of one API method, in arrival order. */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const httpMethod = req.method ?? 'GET';
      const method = this.route(path, httpMethod);
      if (!method) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"ok":false,"error":"unknown_method"}');
        return;
      }
      const rawBody = await readBody(req);
      const call: RecordedCall = { method, httpMethod, path, params: readParams(req, rawBody, this.parseForm), headers: req.headers, at: Date.now(), rawBody };
      this.calls.push(call);
      let reply: FakeReply | undefined;
      for (const rule of this.rules) {
        reply = await rule(call);
        if (reply) break;
      }
      reply ??= await this.fallback(call);
      if (reply.raw) res.writeHead(reply.status, { 'content-type': 'application/octet-stream', ...reply.headers }).end(reply.raw);
      else res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }
}
