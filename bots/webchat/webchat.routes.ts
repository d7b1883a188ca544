import { readFileSync } from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../core/shared/errors.ts';
import type { Locale } from '../../core/customers/index.ts';
import type { ConversationService } from '../../core/conversations/index.ts';
import type { ConversationEngine } from '../conversation/engine.ts';
import type { ChatInput } from '../conversation/io.ts';
import { guessLocale } from '../conversation/features/language.ts';
import { t } from '../i18n/index.ts';
import { chatPage } from './page.ts';
import type { InputLimits } from '../input-limits.ts';
import { storableInput } from '../http/storable-input.ts';
import { readCookie, visitorCookie, type VisitorSigner } from './visitor.ts';
import type { ChatEventHub } from './chat-events.ts';

/** What the web chat needs. */
export interface WebchatOptions {
  engine: ConversationEngine;
  conversations: ConversationService;
  signer: VisitorSigner;
  hub: ChatEventHub;
  defaultLocale: Locale;
  /** Mark the cookie Secure (the site is served over https). */
  secureCookie: boolean;
  /** New sessions per address, messages per visitor, streams per visitor. @default none */
  limits?: InputLimits | undefined;
}

/** An event stream's place lapses this long after its last heartbeat (25 s) unless renewed. */
const streamLeaseMs = 60_000;

const assets = {
  'chat.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./public/chat.js', import.meta.url)) },
  'chat.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./public/chat.css', import.meta.url)) },
};

const postSchema = z.object({
  /** Client-made id of this message: the same id sent twice is handled once. */
  id: z.string().min(8).max(64).regex(/^[\w-]+$/),
  text: z.string().min(1).max(4096).optional(),
  button: z.object({ data: z.string().min(1).max(256), label: z.string().min(1).max(200) }).strict().optional(),
}).strict().refine((body) => (body.text === undefined) !== (body.button === undefined), { message: 'send exactly one of text or button' });

const afterSchema = z.object({ after: z.coerce.number().int().min(0).default(0) });

/**
 * `/chat`: the page (which sets a signed visitor cookie), the transcript and message API, and a
 * server-sent event stream that says when new messages (replies, notifications) are there.
 */
export function webchatRouter(options: WebchatOptions): Router {
  const { engine, conversations, signer, hub, limits } = options;
  const router = Router();
  router.use(storableInput);

  const visitorOf = (req: Request): string => {
    const visitorId = signer.verify(readCookie(req.get('cookie'), visitorCookie));
    if (!visitorId) throw new AppError('unauthenticated', 'No web chat session; open /chat first');
    return visitorId;
  };

  const localeOf = async (req: Request, visitorId: string | null): Promise<Locale> => {
    const known = visitorId ? await conversations.localeOf('webchat', visitorId) : null;
    return known ?? guessLocale(req.acceptsLanguages('zh-CN', 'zh', 'en') || undefined, options.defaultLocale);
  };

  router.get('/', async (req, res) => {
    let visitorId = signer.verify(readCookie(req.get('cookie'), visitorCookie));
    if (!visitorId && limits) {
      const gate = await limits.limiter.hit(`session:${req.ip ?? 'unknown'}`, limits.sessionsPerAddressPerHour, 3_600_000);
      if (!gate.allowed) {
        res.status(429).set('Retry-After', String(Math.ceil(gate.retryAfterMs / 1000))).set('Cache-Control', 'no-store');
        return void res.type('text').send(t(await localeOf(req, null), 'webchat.too_many_sessions'));
      }
    }
    if (!visitorId) {
      const issued = signer.issue();
      visitorId = issued.visitorId;
      res.cookie(visitorCookie, issued.cookie, { httpOnly: true, sameSite: 'lax', secure: options.secureCookie, path: '/chat', maxAge: 365 * 24 * 3600 * 1000 });
    }
    res.type('html').send(chatPage(await localeOf(req, visitorId)));
  });

  for (const [name, asset] of Object.entries(assets)) {
    router.get(`/${name}`, (_req, res) => { res.type(asset.type).send(asset.body); });
  }

  router.get('/api/messages', async (req, res) => {
    const visitorId = visitorOf(req);
    const query = afterSchema.safeParse(req.query);
    if (!query.success) throw new AppError('invalid_input', 'after must be a message id', { issues: query.error.issues });
    res.json({ messages: await conversations.transcript(visitorId, query.data.after) });
  });

  router.post('/api/messages', async (req, res) => {
    const visitorId = visitorOf(req);
    if (limits) {
      const gate = await limits.limiter.hit(`chat:webchat:${visitorId}`, limits.chatMessagesPerMinute, 60_000);
      if (!gate.allowed) throw new AppError('rate_limited', 'Too many messages; wait a minute', { retryAfterSeconds: Math.ceil(gate.retryAfterMs / 1000) });
    }
    const parsed = postSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('invalid_input', 'Invalid chat message', { issues: parsed.error.issues });
    const { id, text, button } = parsed.data;
    const input: ChatInput = button ? { kind: 'button', data: button.data } : { kind: 'text', text: text! };
    const locale = await localeOf(req, visitorId);
    // The transcript (what was written and every reply) commits with the turn itself.
    const replies = await engine.handle({
      channel: 'webchat', chatId: visitorId, updateKey: `${visitorId}:${id}`, input, buttonLabel: button?.label,
      profile: { name: t(locale, 'webchat.visitor_name'), languageCode: locale },
    });
    res.json({ ok: true, duplicate: replies === null });
  });

  router.get('/api/events', async (req, res: Response) => {
    const visitorId = visitorOf(req);
    const lease = limits ? await limits.limiter.openStream(`stream:${visitorId}`, limits.streamsPerVisitor, streamLeaseMs) : null;
    if (limits && !lease) throw new AppError('rate_limited', `At most ${limits.streamsPerVisitor} open event streams per visitor`, { retryAfterSeconds: 30 });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 3000\n\n');
    const unsubscribe = hub.subscribe(visitorId, () => res.write('event: message\ndata: {}\n\n'));
    const heartbeat = setInterval(() => {
      res.write(': keep-alive\n\n');
      void lease?.renew();
    }, 25_000);
    const offClose = hub.onClose(() => {
      stop();
      res.end();
    });
    function stop() {
      clearInterval(heartbeat);
      unsubscribe();
      offClose();
      void lease?.close();
    }
    res.on('close', stop);
  });

  return router;
}
