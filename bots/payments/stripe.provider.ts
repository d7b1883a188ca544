import { Stripe } from 'stripe';
import type { Config } from '../../core/shared/config.ts';
import { WebhookSignatureError, type CheckoutPage, type CheckoutRequest, type PaymentProvider, type ProviderEvent, type RefundRequest } from '../../core/payments/index.ts';

/** Stripe keeps a Checkout Session open between 30 minutes and 24 hours. */
const sessionWindowMs = { min: 30 * 60_000 + 60_000, max: 24 * 3_600_000 - 60_000 };

/**
 * Stripe Checkout through the official client: a hosted page per order, `checkout.session.completed`
 * webhooks verified with the endpoint's signing secret, refunds by API with our idempotency key.
 * `STRIPE_API_URL` points the client elsewhere (the tests' fake speaks the same HTTP API).
 */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;
  private readonly webhookSecret: string;

  constructor(secretKey: string, webhookSecret: string, apiUrl?: string) {
    const target = apiUrl ? new URL(apiUrl) : undefined;
    this.stripe = new Stripe(secretKey, {
      // A chat turn waits for the checkout page inside its transaction: fail fast (the customer can ask again with /pay).
      maxNetworkRetries: 1,
      timeout: 5000,
      ...(target && { host: target.hostname, port: Number(target.port || (target.protocol === 'https:' ? 443 : 80)), protocol: target.protocol === 'https:' ? 'https' : 'http' }),
    });
    this.webhookSecret = webhookSecret;
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutPage> {
    const now = Date.now();
    const expiresAt = Math.min(Math.max(request.expiresAt.getTime(), now + sessionWindowMs.min), now + sessionWindowMs.max);
    const session = await this.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: request.currency.toLowerCase(), unit_amount: request.amountMinor, product_data: { name: request.description } } }],
      client_reference_id: request.orderNumber,
      metadata: { orderNumber: request.orderNumber },
      payment_intent_data: { metadata: { orderNumber: request.orderNumber } },
      success_url: `${request.returnUrl}?order=${encodeURIComponent(request.orderNumber)}`,
      cancel_url: `${request.returnUrl}?order=${encodeURIComponent(request.orderNumber)}&cancelled=1`,
      expires_at: Math.floor(expiresAt / 1000),
    }, { idempotencyKey: request.idempotencyKey });
    if (!session.url) throw new Error(`Stripe gave checkout session ${session.id} no URL`);
    return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
  }

  async refund(request: RefundRequest): Promise<{ reference: string; state: 'succeeded' | 'pending' | 'failed' }> {
    const refund = await this.stripe.refunds.create({
      payment_intent: request.paymentReference, amount: request.amountMinor, metadata: { orderNumber: request.orderNumber },
    }, { idempotencyKey: request.idempotencyKey });
    const state = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';
    return { reference: refund.id, state };
  }

  parseWebhook(rawBody: string, signature: string | undefined): ProviderEvent {
    if (!signature) throw new WebhookSignatureError('no Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.webhookSecret);
    } catch (error) {
      throw new WebhookSignatureError((error as Error).message);
    }
    if (event.type === 'checkout.session.completed' || event.type === 'checkout.session.async_payment_succeeded') {
      const session = event.data.object;
      const orderNumber = session.metadata?.orderNumber ?? session.client_reference_id;
      const reference = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
      if (session.payment_status !== 'paid' || !orderNumber || !reference) return { kind: 'other', eventId: event.id, type: `${event.type} (${session.payment_status})` };
      return { kind: 'paid', eventId: event.id, orderNumber, sessionId: session.id, reference, amountMinor: session.amount_total ?? 0, currency: (session.currency ?? '').toUpperCase() };
    }
    return { kind: 'other', eventId: event.id, type: event.type };
  }
}

/** The configured provider, or null (then only cash on delivery and bank transfer are offered). */
export function createPaymentProvider(config: Config): PaymentProvider | null {
  if (!config.STRIPE_SECRET_KEY || !config.STRIPE_WEBHOOK_SECRET) return null;
  return new StripeProvider(config.STRIPE_SECRET_KEY, config.STRIPE_WEBHOOK_SECRET, config.STRIPE_API_URL);
}
