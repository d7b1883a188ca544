import { defaultApiScopes } from '../../core/shared/roles.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { customerActor } from '../../core/shared/actor.ts';
import { Order } from '../../core/orders/index.ts';
import { SimulatedCarrier } from '../../bots/carriers/simulated.carrier.ts';
import { signCarrierBody } from '../../core/logistics/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';

/** A clock both the web app and the worker read, moved by the test. */
const clock = { current: new Date('2026-11-24T02:00:00Z'), now() { return this.current; } };
const step = 60_000;
let office: TestBackOffice;
let app: TestApp;
let auth: Record<string, string>;
let chat = 7_300_000;
const api = (path: string, init: { method?: string; body?: unknown } = {}) => request(`${app.url}/api/v1${path}`, { ...init, headers: auth });

/** A valid EAN-13 from twelve digits. */
function ean13(twelve: string): string {
  const sum = [...twelve].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return `${twelve}${(10 - (sum % 10)) % 10}`;
}

beforeAll(async () => {
  office = await startTestBackOffice({}, { carriers: new Map([['SIM', new SimulatedCarrier(clock, step)]]) });
  app = await startTestApp({ clock });
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  const carrier = await api('/carriers/SIM', { method: 'PUT', body: {
    name: 'Simulated Express', nameZh: '模拟快递', webhookSecret: 'carrier-secret-0123456789',
    services: [{ code: 'standard', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, codFeeMinor: 200, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1200 }] }],
  } });
  if (carrier.status !== 200) throw new Error(`carrier setup failed: ${JSON.stringify(carrier.body)}`);
});

/** A Telegram customer's order of two tea tins and one cup, with bins set so cups come first. */
async function orderToPick(): Promise<{ number: string; chatId: string; tea: { sku: string; barcode: string }; cup: { sku: string; barcode: string } }> {
  const seed = String(chat).padStart(8, '0');
  const tea = { ...(await productWithStock(app.orm, 20, { name: 'Tea tin', barcode: ean13(`6900${seed}`), weightGrams: 300 })), barcode: ean13(`6900${seed}`) };
  const cup = { ...(await productWithStock(app.orm, 20, { name: 'Tea cup', barcode: ean13(`6901${seed}`), weightGrams: 200 })), barcode: ean13(`6901${seed}`) };
  await api('/inventory/bins', { method: 'PUT', body: { sku: tea.sku, bin: 'B-07' } });
  await api('/inventory/bins', { method: 'PUT', body: { sku: cup.sku, bin: 'A-01' } });
  const chatId = String((chat += 1));
  const customer = await office.core.customers.resolve({ channel: 'telegram', externalId: chatId }, { name: 'Zhao', locale: 'en' });
  const placed = await office.core.orders.placeOrder({
    channel: 'telegram', identity: { channel: 'telegram', externalId: chatId }, contact: { name: 'Zhao', locale: 'en' },
    lines: [{ sku: tea.sku, quantity: 2 }, { sku: cup.sku, quantity: 1 }], shippingAddress: { line1: '1 Nanjing Road', city: 'Shanghai', country: 'CN' },
    paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id),
  });
  return { number: placed.order.number, chatId, tea, cup };
}

const statusOf = async (number: string) => (await app.orm.em.fork().findOneOrFail(Order, { number })).status;

describe('pick lists and barcode checks', () => {
  it('a wrong barcode is refused naming the expected item; a bad EAN-13 check digit is refused; the right scans pack the order', async () => {
    const { number, tea, cup } = await orderToPick();
    const created = await api('/pick-lists', { body: { orders: [number] } });
    expect(created.status).toBe(201);
    expect(created.body.lines.map((line: { sku: string; bin: string }) => [line.sku, line.bin])).toEqual([[cup.sku, 'A-01'], [tea.sku, 'B-07']]);
    expect(await statusOf(number)).toBe('picking');
    const scan = (barcode: string, quantity?: number) => api(`/pick-lists/${created.body.number}/scan`, { body: { barcode, ...(quantity && { quantity }) } });

    const stranger = ean13('690099999999');
    const wrong = await scan(stranger);
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'wrong_barcode']);
    expect(wrong.body.error.message).toBe(`${stranger} is not an item left on this pick list; expected ${cup.sku} Tea cup from bin A-01`);
    expect(wrong.body.error.details.expected).toEqual({ sku: cup.sku, name: 'Tea cup', barcode: cup.barcode, bin: 'A-01', remaining: 1 });
    const badCheck = `${cup.barcode.slice(0, 12)}${(Number(cup.barcode[12]) + 1) % 10}`;
    expect((await scan(badCheck)).body.error.message).toBe(`${badCheck} is not a valid EAN-13 (check digit)`);

    expect((await scan(cup.barcode)).body.packed).toEqual([]);
    expect((await scan(cup.barcode)).body.error.message).toContain(`expected ${tea.sku} Tea tin from bin B-07`);
    expect((await scan(tea.barcode, 3)).body.error.message).toBe(`Only 2 of ${tea.sku} left to pick on this line`);
    expect((await scan(tea.barcode)).body.packed).toEqual([]);
    const last = await scan(tea.barcode);
    expect(last.body).toMatchObject({ status: 'completed', packed: [number] });
    expect(await statusOf(number)).toBe('packed');
  });

  it('the printable page has a scan box that works with its token and nothing else', async () => {
    const { number, cup } = await orderToPick();
    const created = await api('/pick-lists', { body: { orders: [number] } });
    const url = new URL(created.body.printUrl.replace(/^https?:\/\/[^/]+/, app.url));
    const page = await fetch(url, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="barcode">Scan a barcode (or type a SKU) and press Enter</label>');
    expect(html).toContain(cup.sku);
    expect((await fetch(`${url.origin}${url.pathname}?token=wrong-token-value`)).status).toBe(401);
    const scanned = await request(`${url.origin}${url.pathname.replace(/print$/, 'scan')}${url.search}`, { body: { barcode: cup.barcode } });
    expect(scanned.status).toBe(200);
    expect(scanned.body.lines.find((line: { sku: string }) => line.sku === cup.sku).scanned).toBe(1);
  });

  it('the page is never cached, and its link dies when the list is completed', async () => {
    const order = await orderToPick();
    const created = await api('/pick-lists', { body: { orders: [order.number] } });
    const url = new URL(created.body.printUrl.replace(/^https?:\/\/[^/]+/, app.url));
    const page = await fetch(url);
    expect([page.status, page.headers.get('cache-control')]).toEqual([200, 'no-store']);
    const scanUrl = `${url.origin}${url.pathname.replace(/print$/, 'scan')}${url.search}`;
    for (const barcode of [order.cup.barcode, order.tea.barcode, order.tea.barcode]) expect((await request(scanUrl, { body: { barcode } })).status).toBe(200);
    expect((await api(`/pick-lists/${created.body.number}`)).body.status).toBe('completed');
    const dead = await fetch(url);
    expect([dead.status, dead.headers.get('cache-control')]).toEqual([401, 'no-store']);
    expect((await request(scanUrl, { body: { barcode: order.cup.barcode } })).status).toBe(401);
  });
});

async function packed(): Promise<{ number: string; chatId: string }> {
  const order = await orderToPick();
  const created = await api('/pick-lists', { body: { orders: [order.number] } });
  for (const barcode of [order.cup.barcode, order.tea.barcode, order.tea.barcode]) await api(`/pick-lists/${created.body.number}/scan`, { body: { barcode } });
  return order;
}
const track = async () => {
  const id = await office.queues.enqueue('logistics.track', {});
  const queue = office.queues.queues.get('maintenance')!;
  await eventually('the tracking run', async () => (await queue.getJob(id!))?.finishedOn !== undefined);
};

describe('shipping and tracking with the simulated carrier', () => {
  it('confirmed, picking, packed, shipped, in transit, delivered: exactly one customer message per step', async () => {
    const { number, chatId } = await packed();
    const shipped = await api(`/orders/${number}/shipments`, { method: 'POST' });
    expect(shipped.status).toBe(201);
    expect(shipped.body).toMatchObject({ carrier: 'SIM', service: 'standard', status: 'label_created', weightGrams: 800, priceMinor: 1400, estimatedDelivery: '2026-11-25' });
    expect(shipped.body.reason).toMatch(/^Simulated Express standard: cheapest meeting delivery by \d{4}-\d\d-\d\d for 0\.8 kg to Shanghai, cash on delivery$/);
    expect(shipped.body.reasonZh).toMatch(/^模拟快递 标准：满足 \d{4}-\d\d-\d\d 前送达的最便宜选项（0\.8 千克，送往Shanghai，货到付款）$/);
    expect(await statusOf(number)).toBe('shipped');

    clock.current = new Date(clock.current.getTime() + step);
    await track();
    clock.current = new Date(clock.current.getTime() + step);
    await track();
    await track();
    expect(await statusOf(number)).toBe('delivered');
    await eventually('six messages', () => office.telegram.messagesTo(chatId).length >= 6, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const texts = office.telegram.messagesTo(chatId);
    expect(texts.map((text) => text.split('\n')[0])).toEqual([
      `✅ Order ${number} is confirmed. Thank you!`,
      `Order ${number}: being picked in the warehouse.`,
      `Order ${number}: packed and ready to ship.`,
      `🚚 Order ${number} is on its way.`,
      `🚚 Order ${number}: on its way to you (Simulated Express, tracking number ${shipped.body.trackingNumber}).`,
      `📦 Order ${number} was delivered. Enjoy!`,
    ]);
    expect(texts[3]).toContain(`Carrier: Simulated Express · Tracking number: ${shipped.body.trackingNumber}`);
  });

  it('a shop key (default scopes) cannot rewrite a carrier\'s webhook secret: 403 naming carriers:admin, and an event signed with its secret has no effect', async () => {
    const { number } = await packed();
    const shipment = (await api(`/orders/${number}/shipments`, { method: 'POST' })).body;
    const shopKey = await app.apiKey([...defaultApiScopes]);
    const takeover = await request(`${app.url}/api/v1/carriers/SIM`, { method: 'PUT', headers: { authorization: `Bearer ${shopKey}` }, body: {
      name: 'Simulated Express', webhookSecret: 'attacker-secret-0123456789',
      services: [{ code: 'standard', name: 'standard', transitDays: 1, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1 }] }],
    } });
    expect(takeover.status).toBe(403);
    expect(takeover.body.error).toMatchObject({ code: 'forbidden', details: { requiredScopes: ['carriers:admin'] } });
    const body = JSON.stringify({ events: [{ id: 'evt-forged', trackingNumber: shipment.trackingNumber, status: 'delivered', occurredAt: clock.current.toISOString() }] });
    const forged = await request(`${app.url}/api/v1/carriers/SIM/events`, { rawBody: body, headers: { 'x-carrier-signature': signCarrierBody('attacker-secret-0123456789', body) } });
    expect(forged.status).toBe(401);
    expect(await statusOf(number)).toBe('shipped');
  });

  it('the carrier webhook refuses a bad signature and applies a duplicated event once', async () => {
    const { number, chatId } = await packed();
    const shipment = (await api(`/orders/${number}/shipments`, { method: 'POST' })).body;
    const body = JSON.stringify({ events: [{ id: 'evt-42', trackingNumber: shipment.trackingNumber, status: 'failed', description: 'Nobody home', occurredAt: clock.current.toISOString() }] });
    const post = (signature: string) => request(`${app.url}/api/v1/carriers/SIM/events`, { rawBody: body, headers: { 'x-carrier-signature': signature } });
    const forged = await post(signCarrierBody('not-the-secret-at-all', body));
    expect([forged.status, forged.body.error.code]).toEqual([401, 'unauthenticated']);
    expect(await statusOf(number)).toBe('shipped');
    const signature = signCarrierBody('carrier-secret-0123456789', body);
    expect((await post(signature)).body).toEqual({ applied: 1, duplicates: 0, unknown: 0 });
    expect((await post(signature)).body).toEqual({ applied: 0, duplicates: 1, unknown: 0 });
    expect(await statusOf(number)).toBe('delivery_failed');
    await eventually('the notice', () => office.telegram.messagesTo(chatId).some((text) => text.includes(`We could not deliver order ${number} (attempt 1)`)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(office.telegram.messagesTo(chatId).filter((text) => text.includes('We could not deliver'))).toHaveLength(1);
    expect((await request(`${app.url}/api/v1/carriers/NOPE/events`, { rawBody: body, headers: { 'x-carrier-signature': signature } })).status).toBe(404);
  });
});
