import { Stripe } from 'stripe';
import { RecordingServer, type FakeReply, type RecordedCall } from './recording-server.ts';

/** The Checkout Session fields the fake keeps (a subset of Stripe's). */
export interface FakeCheckoutSession {
  id: string; object: 'checkout.session'; url: string; mode: string; amount_total: number; currency: string;
  client_reference_id: string | null; metadata: Record<string, string>;
  payment_status: 'unpaid' | 'paid'; status: 'open' | 'complete' | 'expired'; payment_intent: string | null;
  created: number; expires_at: number; success_url: string | null; cancel_url: string | null; livemode: false;
}

export interface FakeRefund {
  id: string; object: 'refund'; amount: number; currency: string; payment_intent: string;
  status: 'succeeded'; metadata: Record<string, string>; created: number;
}

/** What `refundedEvent` carries: the Charge behind a paid session. */
export interface FakeCharge {
  id: string; object: 'charge'; payment_intent: string; amount: number; amount_refunded: number;
  currency: string; refunded: boolean; metadata: Record<string, string>;
}

export interface FakeEvent<T> {
  id: string; object: 'event'; type: string; api_version: string; created: number; data: { object: T };
  livemode: false; pending_webhooks: number; request: { id: null; idempotency_key: null };
}

type Params = Record<string, unknown>;
const ROUTES: Array<[string, RegExp, string]> = [
  ['POST', /^\/v1\/checkout\/sessions$/, 'checkout.sessions.create'],
  ['GET', /^\/v1\/checkout\/sessions\/[^/]+$/, 'checkout.sessions.retrieve'],
  ['POST', /^\/v1\/checkout\/sessions\/[^/]+\/expire$/, 'checkout.sessions.expire'],
  ['POST', /^\/v1\/refunds$/, 'refunds.create'],
];

/**
 * Fake Stripe API for the official `stripe` client: Checkout Sessions (create, retrieve, expire) and
 * refunds, with Stripe's error shapes and `Idempotency-Key` replays. Payments happen through `pay()`.
 */
export class FakeStripeApi extends RecordingServer {
  readonly secretKey = 'sk_test_fake_0123456789';
  readonly webhookSecret = 'whsec_fake_0123456789';
  private seq = 0;
  private readonly sessionsById = new Map<string, FakeCheckoutSession>();
  private readonly refundList: FakeRefund[] = [];
  /** Payment intent → the session it paid and its charge. */
  private readonly payments = new Map<string, { sessionId: string; chargeId: string }>();
  private readonly replays = new Map<string, { request: string; reply: FakeReply }>();

  constructor() {
    super((path, verb) => (path.startsWith('/v1/') ? (ROUTES.find(([v, re]) => v === verb && re.test(path))?.[2] ?? 'unknown') : undefined), (call) => this.reply(call), parseStripeForm);
  }

  /** Options for `new Stripe(secretKey, { ...clientOptions() })`, once started. */
  clientOptions(): { host: string; port: number; protocol: 'http' } {
    const { hostname, port } = new URL(this.url);
    return { host: hostname, port: Number(port), protocol: 'http' as const };
  }

  /** The customer pays: the session completes; returns the `checkout.session.completed` event. */
  pay(sessionId: string): FakeEvent<FakeCheckoutSession> {
    const session = this.sessionsById.get(sessionId);
    if (session?.status !== 'open') throw new Error(`fake Stripe: session ${sessionId} is not open`);
    const paymentIntent = this.id('pi_test');
    this.payments.set(paymentIntent, { sessionId, chargeId: this.id('ch_test') });
    Object.assign(session, { payment_status: 'paid', status: 'complete', payment_intent: paymentIntent });
    return this.event('checkout.session.completed', structuredClone(session));
  }

  /** A `charge.refunded` event for a paid payment intent, with the refunds so far. */
  refundedEvent(paymentIntentId: string): FakeEvent<FakeCharge> {
    const payment = this.payments.get(paymentIntentId);
    if (!payment) throw new Error(`fake Stripe: no payment intent ${paymentIntentId}`);
    const session = this.sessionsById.get(payment.sessionId)!;
    const refunded = this.refundedAmount(paymentIntentId);
    return this.event('charge.refunded', {
      id: payment.chargeId, object: 'charge', payment_intent: paymentIntentId, amount: session.amount_total, amount_refunded: refunded,
      currency: session.currency, refunded: refunded >= session.amount_total, metadata: { ...session.metadata },
    });
  }

  /** A webhook delivery as Stripe sends it: the raw body and its `Stripe-Signature` header. */
  signedDelivery(event: FakeEvent<unknown>): { body: string; signature: string } {
    const body = JSON.stringify(event);
    return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: this.webhookSecret }) };
  }

  sessions(): FakeCheckoutSession[] {
    return [...this.sessionsById.values()].map((session) => structuredClone(session));
  }

  refunds(): FakeRefund[] {
    return this.refundList.map((refund) => structuredClone(refund));
  }

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}_${this.seq}`;
  }

  private event<T>(type: string, object: T): FakeEvent<T> {
    return { id: this.id('evt_test'), object: 'event', type, api_version: Stripe.API_VERSION, created: now(), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } };
  }

  private refundedAmount(paymentIntent: string): number {
    return this.refundList.filter((refund) => refund.payment_intent === paymentIntent).reduce((sum, refund) => sum + refund.amount, 0);
  }

  /** Like Stripe: a key replays its first successful reply; reusing it with other params is an error. */
  private reply(call: RecordedCall): FakeReply {
    if (call.headers.authorization !== `Bearer ${this.secretKey}`) return error(401, 'authentication_error', 'Invalid API Key provided');
    const key = call.headers['idempotency-key'];
    if (call.httpMethod !== 'POST' || typeof key !== 'string') return this.handle(call);
    const request = `${call.path}?${call.rawBody.toString('utf8')}`;
    const seen = this.replays.get(key);
    if (seen) {
      return seen.request === request
        ? { ...seen.reply, headers: { 'idempotent-replayed': 'true' } }
        : error(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
    }
    const reply = this.handle(call);
    // Validation errors are not saved, as at Stripe; the body is a snapshot.
    if (reply.status === 200) this.replays.set(key, { request, reply: { status: 200, body: structuredClone(reply.body) } });
    return reply;
  }

  private handle(call: RecordedCall): FakeReply {
    const p = call.params;
    const sessionId = call.path.split('/')[4] ?? '';
    const session = this.sessionsById.get(sessionId);
    switch (call.method) {
      case 'checkout.sessions.create':
        return this.createSession(p);
      case 'checkout.sessions.retrieve':
        return session ? ok(session) : missing('checkout.session', sessionId, 'session');
      case 'checkout.sessions.expire':
        if (!session) return missing('checkout.session', sessionId, 'session');
        if (session.status !== 'open') return error(400, 'invalid_request_error', `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
        session.status = 'expired';
        return ok(session);
      case 'refunds.create':
        return this.createRefund(p);
      default:
        return error(404, 'invalid_request_error', `Unrecognized request URL (${call.httpMethod}: ${call.path}).`);
    }
  }

  private createSession(p: Params): FakeReply {
    const items = (p.line_items ?? []) as Array<{ quantity?: string; price_data?: { currency?: string; unit_amount?: string } }>;
    const bad = items.findIndex((item) => item.price_data?.unit_amount === undefined);
    if (bad >= 0) return error(400, 'invalid_request_error', 'The fake supports only line items with price_data[unit_amount].', 'parameter_missing', `line_items[${bad}][price_data][unit_amount]`);
    const id = this.id('cs_test');
    const session: FakeCheckoutSession = {
      id, object: 'checkout.session', url: `${this.url}/pay/${id}`, mode: String(p.mode ?? 'payment'),
      amount_total: items.reduce((sum, item) => sum + Number(item.price_data!.unit_amount) * Number(item.quantity ?? 1), 0),
      currency: String(p.currency ?? items[0]?.price_data?.currency ?? 'usd').toLowerCase(),
      client_reference_id: (p.client_reference_id as string | undefined) ?? null, metadata: (p.metadata ?? {}) as Record<string, string>,
      payment_status: 'unpaid', status: 'open', payment_intent: null, created: now(), expires_at: p.expires_at ? Number(p.expires_at) : now() + 24 * 3600,
      success_url: (p.success_url as string | undefined) ?? null, cancel_url: (p.cancel_url as string | undefined) ?? null, livemode: false,
    };
    this.sessionsById.set(id, session);
    return ok(session);
  }

  private createRefund(p: Params): FakeReply {
    const paymentIntent = String(p.payment_intent ?? '');
    const payment = this.payments.get(paymentIntent);
    if (!payment) return missing('payment_intent', paymentIntent, 'payment_intent');
    const session = this.sessionsById.get(payment.sessionId)!;
    const left = session.amount_total - this.refundedAmount(paymentIntent);
    if (left <= 0) return error(400, 'invalid_request_error', `Charge ${payment.chargeId} has already been refunded.`, 'charge_already_refunded');
    const amount = p.amount === undefined ? left : Number(p.amount);
    if (amount > left) return error(400, 'invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, 'amount_too_large', 'amount');
    const refund: FakeRefund = { id: this.id('re_test'), object: 'refund', amount, currency: session.currency, payment_intent: paymentIntent, status: 'succeeded', metadata: (p.metadata ?? {}) as Record<string, string>, created: now() };
    this.refundList.push(refund);
    return ok(refund);
  }
}

/** Stripe's form encoding: `a[b][0][c]=v` becomes `{ a: { b: [{ c: 'v' }] } }` (values stay strings). */
export function parseStripeForm(raw: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const [head = '', ...rest] = key.split('[');
    const parts = [head, ...rest.map((part) => part.replace(/\]$/, ''))];
    let node = root;
    for (const [i, part] of parts.entries()) {
      const name = part === '' && Array.isArray(node) ? String(node.length) : part;
      if (i === parts.length - 1) node[name] = value;
      else node = (node[name] ??= /^\d*$/.test(parts[i + 1]!) ? [] : {}) as Params;
    }
  }
  return root;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function ok(body: unknown): FakeReply {
  return { status: 200, body };
}

function error(status: number, type: string, message: string, code?: string, param?: string): FakeReply {
  return { status, body: { error: { type, message, ...(code && { code }), ...(param && { param }) } } };
}

function missing(object: string, id: string, param: string): FakeReply {
  return error(404, 'invalid_request_error', `No such ${object}: '${id}'`, 'resource_missing', param);
}
