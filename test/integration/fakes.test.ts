import { describe, expect, it } from 'vitest';
import { Telegram } from 'telegraf';
import { webApi } from '@slack/bolt';
import { Stripe } from 'stripe';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { FakeStripeApi } from '../fakes/stripe-api.ts';
import { FakeAfterShipApi } from '../fakes/aftership-api.ts';
import { AfterShipTracking } from '../../bots/carriers/aftership.tracking.ts';
import { TrackingSignatureError } from '../../core/logistics/index.ts';
import { closeAfterAll } from '../support/context.ts';

describe('fake Telegram Bot API', () => {
  it('serves the real telegraf client, records calls, and answers 429 and 403 like Telegram', async () => {
    const fake = new FakeTelegramApi();
    const apiRoot = await fake.start();
    closeAfterAll(() => fake.stop());
    const telegram = new Telegram(fake.token, { apiRoot });

    expect((await telegram.getMe()).username).toBe('order_test_bot');
    const sent = await telegram.sendMessage(42, '您好 hello');
    expect(sent.message_id).toBe(1);
    expect(fake.messagesTo(42)).toEqual(['您好 hello']);

    fake.rateLimitNext('sendMessage', 1, 3);
    await expect(telegram.sendMessage(42, 'too fast')).rejects.toMatchObject({ response: { error_code: 429, parameters: { retry_after: 3 } } });
    fake.blockedBy(99);
    await expect(telegram.sendMessage(99, 'hi')).rejects.toMatchObject({ response: { error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    expect(fake.callsTo('sendMessage')).toHaveLength(3);
  });
});

describe('fake Slack Web API', () => {
  it('serves the real Slack WebClient and records posts per channel', async () => {
    const fake = new FakeSlackApi();
    const url = await fake.start();
    closeAfterAll(() => fake.stop());
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: `${url}/api/`, retryConfig: { retries: 0 } });
    expect((await client.auth.test()).user_id).toBe('U0BOT');
    const posted = await client.chat.postMessage({ channel: 'C_APPROVALS', text: 'Order SO-1 needs approval' });
    expect(posted.ok).toBe(true);
    expect(fake.postsTo('C_APPROVALS').map((call) => call.params.text)).toEqual(['Order SO-1 needs approval']);
    expect(fake.postsTo('C_APPROVALS')[0]!.headers.authorization).toBe('Bearer xoxb-test');
  });
});

describe('fake Stripe API', () => {
  it('serves the official stripe client: idempotent sessions and refunds, signed webhooks, over-refunds refused', async () => {
    const fake = new FakeStripeApi();
    await fake.start();
    closeAfterAll(() => fake.stop());
    const stripe = new Stripe(fake.secretKey, { ...fake.clientOptions(), maxNetworkRetries: 0 });

    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: [
        { quantity: 2, price_data: { currency: 'EUR', unit_amount: 1250, product_data: { name: 'Widget' } } },
        { quantity: 1, price_data: { currency: 'EUR', unit_amount: 500, product_data: { name: 'Shipping' } } },
      ],
      client_reference_id: 'SO-1',
      metadata: { orderNumber: 'SO-1' },
      success_url: 'https://shop.test/paid',
      cancel_url: 'https://shop.test/cancel',
    };
    const session = await stripe.checkout.sessions.create(params, { idempotencyKey: 'order-SO-1' });
    const again = await stripe.checkout.sessions.create(params, { idempotencyKey: 'order-SO-1' });
    expect(again.id).toBe(session.id);
    expect(session).toMatchObject({ object: 'checkout.session', amount_total: 3000, currency: 'eur', status: 'open', payment_status: 'unpaid', metadata: { orderNumber: 'SO-1' } });
    expect(session.url).toBe(`${fake.url}/pay/${session.id}`);
    expect(fake.sessions()).toHaveLength(1);
    await expect(stripe.checkout.sessions.create({ ...params, client_reference_id: 'SO-2' }, { idempotencyKey: 'order-SO-1' })).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(stripe.checkout.sessions.retrieve('cs_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });

    const completed = fake.pay(session.id);
    const delivery = fake.signedDelivery(completed);
    const event = stripe.webhooks.constructEvent(delivery.body, delivery.signature, fake.webhookSecret);
    expect(event.type).toBe('checkout.session.completed');
    expect(() => stripe.webhooks.constructEvent(delivery.body.replace('SO-1', 'SO-9'), delivery.signature, fake.webhookSecret)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const paymentIntent = completed.data.object.payment_intent!;
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    const refund = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 }, { idempotencyKey: 'refund-SO-1' });
    const replayed = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 }, { idempotencyKey: 'refund-SO-1' });
    expect(replayed.id).toBe(refund.id);
    expect(fake.refunds()).toEqual([expect.objectContaining({ amount: 1000, currency: 'eur', status: 'succeeded' })]);
    const tooMuch = stripe.refunds.create({ payment_intent: paymentIntent, amount: 2001 });
    await expect(tooMuch).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(tooMuch).rejects.toMatchObject({ statusCode: 400, code: 'amount_too_large' });
    await stripe.refunds.create({ payment_intent: paymentIntent });
    await expect(stripe.refunds.create({ payment_intent: paymentIntent, amount: 1 })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    expect(fake.refundedEvent(paymentIntent).data.object).toMatchObject({ object: 'charge', amount: 3000, amount_refunded: 3000, refunded: true, metadata: { orderNumber: 'SO-1' } });
    expect(fake.callsTo('refunds.create')[0]!.params).toEqual({ payment_intent: paymentIntent, amount: '1000' });
  });
});

describe('fake AfterShip API', () => {
  it('serves the official tracking SDK: idempotent registration, signed tracking_update webhooks', async () => {
    const fake = new FakeAfterShipApi();
    const url = await fake.start();
    closeAfterAll(() => fake.stop());
    const aftership = new AfterShipTracking(fake.apiKey, fake.webhookSecret, url);

    const parcel = { trackingNumber: 'SF1234567890', carrierSlug: 'sf-express', orderNumber: 'SO-7' };
    await aftership.register(parcel);
    await aftership.register(parcel);
    expect(fake.trackings()).toEqual([expect.objectContaining({ tracking_number: 'SF1234567890', slug: 'sf-express', order_id: 'SO-7', tag: 'Pending' })]);
    const calls = fake.callsTo('trackings.create');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers['as-api-key']).toBe(fake.apiKey);
    expect(calls[0]!.params).toEqual({ tracking_number: 'SF1234567890', slug: 'sf-express', order_id: 'SO-7' });
    await expect(new AfterShipTracking('asat_wrong', fake.webhookSecret, url).register(parcel)).rejects.toMatchObject({ code: 'API_KEY_INVALID', meta_code: 401, status_code: 401 });

    const delivery = fake.update('SF1234567890', 'OutForDelivery', 'Courier is out for delivery in Kowloon');
    const [update, ...rest] = aftership.parseWebhook(delivery.body, delivery.signature);
    expect(rest).toEqual([]);
    const sent = JSON.parse(delivery.body) as { event_id: string; msg: { checkpoints: Array<{ checkpoint_time: string }> } };
    expect(update).toEqual({
      id: sent.event_id, trackingNumber: 'SF1234567890', carrierSlug: 'sf-express', status: 'out_for_delivery',
      description: 'Out For Delivery', occurredAt: new Date(sent.msg.checkpoints[0]!.checkpoint_time),
    });
    const delivered = fake.update('SF1234567890', 'Delivered');
    expect(aftership.parseWebhook(delivered.body, delivered.signature)).toEqual([expect.objectContaining({ status: 'delivered' })]);
    expect(aftership.parseWebhook(delivered.body, delivered.signature)[0]!.id).not.toBe(update!.id);

    expect(() => aftership.parseWebhook(delivery.body.replace('Kowloon', 'Wan Chai'), delivery.signature)).toThrow(TrackingSignatureError);
    expect(() => aftership.parseWebhook(delivery.body, fake.sign('{}'))).toThrow(TrackingSignatureError);
    expect(() => aftership.parseWebhook(delivery.body, undefined)).toThrow(TrackingSignatureError);
    const pending = fake.update('SF1234567890', 'Pending');
    expect(aftership.parseWebhook(pending.body, pending.signature)).toEqual([]);
  });
});
