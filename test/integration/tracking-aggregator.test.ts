import { beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../core/orders/index.ts';
import { Shipment } from '../../core/logistics/index.ts';
import { customerActor, systemActor, type Actor } from '../../core/shared/actor.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { closeAfterAll } from '../support/context.ts';
import { SlackRequests } from '../support/slack-signer.ts';
import { FakeAfterShipApi } from '../fakes/aftership-api.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';

const aftership = new FakeAfterShipApi();
let app: TestApp;
let slack: SlackRequests;
let seed = 0;
const packer: Actor = { type: 'staff', id: 'U0PACKER', role: 'agent' };

beforeAll(async () => {
  await aftership.start();
  closeAfterAll(() => aftership.stop());
  const slackApi = new FakeSlackApi();
  const slackUrl = await slackApi.start();
  closeAfterAll(() => slackApi.stop());
  app = await startTestApp({
    env: {
      AFTERSHIP_API_KEY: aftership.apiKey, AFTERSHIP_WEBHOOK_SECRET: aftership.webhookSecret, AFTERSHIP_API_URL: aftership.url,
      SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'tracking-secret', SLACK_API_URL: `${slackUrl}/api/`, DEFAULT_LOCALE: 'en',
    },
  });
  slack = new SlackRequests(`${app.url}/slack/events`, 'tracking-secret');
  await app.core.staff.addStaff({ slackUserId: 'U0PACKER', name: 'Bao Zhuang', role: 'agent' }, systemActor);
  // A courier with no label integration of ours: followed through AfterShip by its code there.
  await app.core.logistics.saveCarrier({
    code: 'SF', name: 'SF Express', nameZh: '顺丰速运', trackingSlug: 'sf-express',
    services: [{ code: 'std', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1000 }] }],
  }, { type: 'staff', id: 'U0ADMIN', role: 'admin' });
});

async function packedOrder(): Promise<string> {
  seed += 1;
  const { sku } = await productWithStock(app.orm, 5);
  const chatId = `tracked-${process.pid}-${seed}`;
  const customer = await app.core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: 'Tracked', locale: 'en' });
  const { order } = await app.core.orders.placeOrder({
    channel: 'telegram', identity: { channel: 'telegram', externalId: chatId }, contact: { name: 'Tracked', locale: 'en' },
    lines: [{ sku, quantity: 1 }], shippingAddress: shanghai, paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id),
  });
  for (const to of ['picking', 'packed'] as const) await app.core.orders.changeStatus({ number: order.number, to, actor: packer });
  return order.number;
}

const webhook = (delivery: { body: string; signature?: string | undefined }) =>
  request(`${app.url}/webhooks/aftership`, { rawBody: delivery.body, headers: { 'content-type': 'application/json', ...(delivery.signature && { 'aftership-hmac-sha256': delivery.signature }) } });
const statusOf = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;

describe('a manual carrier followed through the tracking aggregator (AfterShip, against a fake of its API)', () => {
  it('staff type the tracking number in Slack; AfterShip follows the parcel; its signed webhooks move it once; an unsigned one changes nothing', async () => {
    const number = await packedOrder();
    // The best (and only) service is SF's, which has no label integration: Slack asks for the waybill's number.
    expect((await slack.command('U0PACKER', '/ship', number)).body.text).toBe(`Order ${number} goes with SF, which has no label integration: hand the parcel over and type /ship ${number} SF <tracking number from the waybill>.`);
    expect(await statusOf(number)).toBe('packed');
    expect((await slack.command('U0PACKER', '/ship', `${number} SF SF1234567890123`)).body.text).toMatch(new RegExp(`^Order ${number} shipped with SF std, tracking number SF1234567890123\\. Why: SF Express standard: cheapest`));
    expect(await statusOf(number)).toBe('shipped');
    expect(aftership.trackings().map((tracking) => [tracking.tracking_number, tracking.slug, tracking.order_id])).toEqual([['SF1234567890123', 'sf-express', number]]);
    expect((await app.orm.em.fork().findOneOrFail(Shipment, { trackingNumber: 'SF1234567890123' })).trackingRegisteredAt).toBeInstanceOf(Date);

    const moving = aftership.update('SF1234567890123', 'InTransit', 'Left the Shanghai hub');
    expect((await webhook({ body: moving.body })).status).toBe(401);
    expect((await webhook({ body: moving.body.replace('SF1234567890123', 'SF9999999999999'), signature: moving.signature })).status).toBe(401);
    expect((await app.orm.em.fork().findOneOrFail(Shipment, { trackingNumber: 'SF1234567890123' })).status).toBe('label_created');
    expect((await webhook(moving)).body).toEqual({ applied: 1, duplicates: 0, unknown: 0 });
    expect((await webhook(moving)).body).toEqual({ applied: 0, duplicates: 1, unknown: 0 });
    expect((await app.orm.em.fork().findOneOrFail(Shipment, { trackingNumber: 'SF1234567890123' })).status).toBe('in_transit');

    expect((await webhook(aftership.update('SF1234567890123', 'Delivered'))).body).toEqual({ applied: 1, duplicates: 0, unknown: 0 });
    expect(await statusOf(number)).toBe('delivered');
    // Cash on delivery: SF collected it with the parcel.
    expect((await app.core.payments.paymentsOf(number, { type: 'staff', id: 'U0FIN', role: 'finance' })).payments.map((row) => [row.state, row.provider])).toEqual([['collected', 'SF']]);
  });

  it('a parcel AfterShip could not take now is registered by the next tracking run; the REST API takes the tracking number too', async () => {
    const number = await packedOrder();
    // Down for both of the client's attempts.
    let failures = 2;
    aftership.when((call) => {
      if (call.method !== 'trackings.create' || failures === 0) return undefined;
      failures -= 1;
      return { status: 503, body: { meta: { code: 503, message: 'Service unavailable', type: 'ServiceUnavailable' }, data: {} } };
    });
    const key = await app.apiKey(['fulfilment:write']);
    const refused = await request(`${app.url}/api/v1/orders/${number}/shipments`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    expect([refused.status, refused.body.error.details]).toEqual([422, { carrier: 'SF', service: 'std', trackingNumberRequired: true, parcels: 1 }]);
    const shipped = await request(`${app.url}/api/v1/orders/${number}/shipments`, { body: { carrier: 'SF', trackingNumber: 'SF5550000000001' }, headers: { authorization: `Bearer ${key}` } });
    expect([shipped.status, shipped.body.trackingNumber, shipped.body.carrier]).toEqual([201, 'SF5550000000001', 'SF']);
    expect(aftership.trackings().some((tracking) => tracking.tracking_number === 'SF5550000000001')).toBe(false);

    expect((await app.core.logistics.pollCarriers()).registered).toBe(1);
    expect(aftership.trackings().some((tracking) => tracking.tracking_number === 'SF5550000000001')).toBe(true);
    expect((await app.core.logistics.pollCarriers()).registered).toBe(0);
  });
});
