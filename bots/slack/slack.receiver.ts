import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { AppError } from '../../core/shared/errors.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { ConversationService } from '../../core/conversations/index.ts';

/** Requests signed longer ago than this are refused (Slack's replay protection). */
const maxAgeSeconds = 5 * 60;

/** Checks Slack's `v0` signature of a raw body, and that it was made within five minutes. */
export function verifySlackSignature(secret: string, rawBody: string, timestamp: string | undefined, signature: string | undefined, nowSeconds = Date.now() / 1000): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > maxAgeSeconds) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Events API bodies are JSON; interactivity is form-encoded `payload=<json>`; slash commands are form fields. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(raw));
  return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
}

/**
 * Bolt receiver behind our express app at `POST /slack/events`: verifies the signature
 * (401 JSON error otherwise), answers `url_verification`, handles each Events API `event_id`
 * once (answering when its listener finished, so a failure is delivered again), and answers
 * interactions as soon as a listener acks; their slow work goes on after the response.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private readonly signingSecret: string;
  private readonly conversations: ConversationService;
  private readonly logger: Logger;

  constructor(options: { signingSecret: string; conversations: ConversationService; logger: Logger }) {
    this.signingSecret = options.signingSecret;
    this.conversations = options.conversations;
    this.logger = options.logger;
  }

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  router(): Router {
    const router = Router();
    router.post('/', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      if (!verifySlackSignature(this.signingSecret, raw, req.get('x-slack-request-timestamp'), req.get('x-slack-signature'))) {
        throw new AppError('unauthenticated', 'Missing, wrong or expired Slack signature');
      }
      let body: Record<string, unknown>;
      try {
        body = parseBody(raw, req.get('content-type') ?? '');
      } catch {
        throw new AppError('invalid_input', 'The body is not a Slack request');
      }
      if (body.ssl_check) return void res.status(200).end();
      if (body.type === 'url_verification') return void res.json({ challenge: body.challenge });
      if (body.type === 'event_callback' && typeof body.event_id === 'string') {
        await this.handleEventOnce(body, body.event_id, req, res);
        return;
      }
      await this.dispatch(body, req.get('x-slack-retry-num'), req.get('x-slack-retry-reason'), res);
    });
    return router;
  }

  /**
   * An Events API delivery: claimed by its `event_id` (a retry of one handled or in hand is
   * answered 200 and dropped), answered only once its listener finished (events are quick:
   * a staff reply in a thread), and on failure the claim is forgotten and the answer is an
   * error, so Slack delivers it again and it is still handled once.
   */
  private async handleEventOnce(body: Record<string, unknown>, eventId: string, req: express.Request, res: express.Response): Promise<void> {
    if (!(await this.conversations.markHandled('slack', eventId))) return void res.status(200).end();
    try {
      await this.dispatch(body, req.get('x-slack-retry-num'), req.get('x-slack-retry-reason'), res, { untilDone: true });
    } catch (error) {
      await this.conversations.forgetHandled('slack', eventId).catch(() => undefined);
      // Bolt wraps what a listener threw; the error handler answers by the original (503 for an outage).
      throw (error as { original?: unknown }).original ?? error;
    }
  }

  /**
   * Hands a request to Bolt. By default the HTTP answer goes as soon as a listener acks (Slack
   * wants one within 3 s) and its slow work goes on after; with `untilDone` the answer waits
   * for the listeners and a failure rejects.
   */
  private async dispatch(body: Record<string, unknown>, retryNum: string | undefined, retryReason: string | undefined, res: express.Response, options: { untilDone?: boolean } = {}): Promise<void> {
    if (options.untilDone) {
      await this.app!.processEvent({ body, ...(retryNum && { retryNum: Number(retryNum) }), ...(retryReason && { retryReason }), ack: async () => undefined });
      res.status(200).end();
      return;
    }
    let acked!: () => void;
    const ackedPromise = new Promise<void>((resolve) => { acked = resolve; });
    const event: ReceiverEvent = {
      body,
      ...(retryNum && { retryNum: Number(retryNum) }),
      ...(retryReason && { retryReason }),
      ack: async (response?: unknown) => {
        if (!res.headersSent) {
          if (response === undefined || response === '') res.status(200).end();
          else if (typeof response === 'string') res.status(200).type('text').send(response);
          else res.status(200).json(response);
        }
        acked();
      },
    };
    const processing = this.app!.processEvent(event).catch((error: unknown) => {
      this.logger.error({ err: error }, 'Slack listener failed');
    });
    await Promise.race([ackedPromise, processing]);
    if (!res.headersSent) res.status(200).end();
  }
}
