/**
 * A payment provider, as core needs it (Stripe today; an Alipay or WeChat Pay adapter would
 * implement the same four things: a hosted page per order, a signed notification of the payment,
 * a refund by API with an idempotency key, and its name).
 */
export interface PaymentProvider {
  /** Stored on rows it collected (`stripe`). */
  readonly name: string;
  /** A hosted page where the customer pays one order. The same key gives the same page. */
  createCheckout(request: CheckoutRequest): Promise<CheckoutPage>;
  /** Sends money back for one of its payments. The same key refunds once, however often it is sent. */
  refund(request: RefundRequest): Promise<{ reference: string; state: 'succeeded' | 'pending' | 'failed' }>;
  /**
   * A webhook delivery, verified with the provider's signing secret. Throws
   * `WebhookSignatureError` when the signature is missing or wrong (nothing is applied then).
   */
  parseWebhook(rawBody: string, signature: string | undefined): ProviderEvent;
}

export interface CheckoutRequest {
  orderNumber: string;
  amountMinor: number;
  currency: string;
  description: string;
  /** When the page stops taking payments (the order expires then). */
  expiresAt: Date;
  /** Where the customer lands after paying. */
  returnUrl: string;
  idempotencyKey: string;
}

export interface CheckoutPage {
  sessionId: string;
  url: string;
  expiresAt: Date;
}

export interface RefundRequest {
  /** The provider's id of the payment to refund. */
  paymentReference: string;
  amountMinor: number;
  currency: string;
  orderNumber: string;
  idempotencyKey: string;
}

/** What a webhook delivery said, reduced to what core acts on. */
export type ProviderEvent =
  | { kind: 'paid'; eventId: string; orderNumber: string; sessionId: string; reference: string; amountMinor: number; currency: string }
  | { kind: 'other'; eventId: string; type: string };

/** A webhook whose signature does not verify: answered 400, nothing changes. */
export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}
