import { beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { customerActor, systemActor, type Actor } from '../../core/shared/actor.ts';
import type { OrderAddress } from '../../core/orders/index.ts';
import { encodeCallback } from '../../bots/conversation/callback-data.ts';
import { productWithStock } from '../factories/catalog.ts';
import { request, type TestApp } from '../support/app.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';
import { startConsolePair } from '../support/console-pair.ts';
import type { SlackRequests } from '../support/slack-signer.ts';
import { TelegramCustomer } from '../support/telegram-customer.ts';

const secret = 'webhook-secret-for-own-fleet';
const pid = process.pid;
let office: TestBackOffice;
let app: TestApp;
let auth: Record<string, string>;
let slack: SlackRequests;
let sku: string;
const admin: Actor = { type: 'staff', id: 'U0ADMIN', role: 'admin' };
const packer: Actor = { type: 'staff', id: 'U0PACK', role: 'agent' };
const [driverOne, driverTwo] = [`${7_710_000 + (pid % 1000)}`, `${7_720_000 + (pid % 1000)}`];
const sql = <T>(text: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute<T[]>(text, params);
const chat = (chatId: string | number) => new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: office.telegram, chatId: Number(chatId), languageCode: 'en' });
const routeMessages = (chatId: string) => office.telegram.messagesTo(chatId).filter((text) => text.startsWith('🚚 VAN'));
let customers = 0;

/** An order of one 1 kg item from a Telegram customer at these coordinates, packed and handed to the own fleet. */
async function shipped(latitude: number, longitude: number): Promise<{ number: string; chatId: number }> {
  const chatId = 9_700_000 + (pid % 1000) * 100 + (customers += 1);
  const identity = { channel: 'telegram' as const, externalId: String(chatId) };
  const contact = { name: `Customer ${customers}`, phone: '+8613800138000', locale: 'en' as const };
  const customer = await app.core.customers.resolve(identity, contact);
  const address: OrderAddress = { line1: `${customers} Huaihai Road`, city: 'Shanghai', country: 'CN', latitude, longitude };
  const { order } = await app.core.orders.placeOrder({ channel: 'telegram', identity, contact, lines: [{ sku, quantity: 1 }], shippingAddress: address, paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id) });
  for (const to of ['picking', 'packed'] as const) await app.core.orders.changeStatus({ number: order.number, to, actor: packer });
  const parcel = await app.core.logistics.shipOrder(order.number, packer);
  expect(parcel.trackingNumber).toMatch(/^OF[0-9A-F]{10}$/);
  return { number: order.number, chatId };
}
/** The customer's "the van is two stops away" messages for their order. */
const near = (stop: { number: string; chat: string }) => office.telegram.messagesTo(stop.chat).filter((text) => text === `🚚 Our driver is 2 stops away with your order ${stop.number}. Please be ready to receive it.`);
/** The Telegram chat of a route's driver. */
const driverOf = async (routeId: number) => (await sql<{ telegram_chat_id: string }>('select m.telegram_chat_id from delivery_route r join staff_member m on m.id = r.driver_id where r.id = ?', [routeId]))[0]!.telegram_chat_id;
const statusOf = async (number: string) => (await sql<{ status: string }>('select status from "order" where number = ?', [number]))[0]!.status;
const stopOf = async (number: string) => (await sql<{ id: number; sequence: number; route_id: number; status: string }>(
  'select rs.id, rs.sequence, rs.route_id, rs.status from route_stop rs join shipment s on s.id = rs.shipment_id join "order" o on o.id = s.order_id where o.number = ?', [number]))[0]!;

beforeAll(async () => {
  ({ office, app, slack } = await startConsolePair({ DEFAULT_LOCALE: 'en', SLACK_OPS_CHANNEL: 'C_OPS' }, { telegramWebhookSecret: secret }));
  await app.core.staff.addStaff({ slackUserId: 'U0DISPATCH', name: 'Zhao Dispatch', role: 'supervisor' }, systemActor);
  auth = { authorization: `Bearer ${await app.apiKey(['fulfilment:write', 'carriers:admin'])}` };
  await sql(`update warehouse set latitude = 31.2304, longitude = 121.4737 where is_default`);
  ({ sku } = await productWithStock(app.orm, 50, { weightGrams: 1000 }));
  await app.core.logistics.saveCarrier({
    code: 'OWN', name: 'Our vans', nameZh: '自有车队', ownFleet: true,
    services: [{ code: 'sameday', name: 'Same day', nameZh: '当日达', transitDays: 0, cutoffHour: 23, supportsCod: true, regions: ['Shanghai'], weightBands: [{ maxGrams: 20_000, priceMinor: 800 }] }],
  }, admin);
  for (const [slackUserId, name, telegram] of [['U0DRV1', 'Wang Driver', driverOne], ['U0DRV2', 'Li Driver', driverTwo]] as const) {
    await app.core.staff.addStaff({ slackUserId, name, role: 'driver', telegramChatId: telegram }, systemActor);
  }
  for (const [code, driver] of [['VAN1', 'U0DRV1'], ['VAN2', 'U0DRV2']] as const) {
    const saved = await request(`${app.url}/api/v1/vehicles/${code}`, { method: 'PUT', headers: auth, body: { name: code, capacityGrams: 2500, driver } });
    if (saved.status !== 200) throw new Error(JSON.stringify(saved.body));
  }
});

describe('own-fleet delivery (issue 24)', () => {
  it('three parcels are planned over two vans; each driver gets their route; delivered and failed buttons update the parcel and tell the customer once; a second press and a stranger are refused', async () => {
    const parcels = [await shipped(31.2404, 121.4837), await shipped(31.2204, 121.4637), await shipped(31.2504, 121.5037)];
    const planned = await request(`${app.url}/api/v1/fleet/plan`, { method: 'POST', headers: auth, body: {} });
    expect(planned.status).toBe(200);
    expect(planned.body.unplanned).toEqual([]);
    expect(planned.body.routes).toHaveLength(2);
    for (const route of planned.body.routes) expect(route.loadGrams).toBeLessThanOrEqual(2500);
    expect(planned.body.routes.flatMap((route: { stops: Array<{ orderNumber: string }> }) => route.stops.map((stop) => stop.orderNumber)).toSorted()).toEqual(parcels.map((parcel) => parcel.number).toSorted());

    // Each driver's chat: their route, with their stops and buttons.
    await eventually('both routes sent', () => routeMessages(driverOne).length === 1 && routeMessages(driverTwo).length === 1);
    for (const route of planned.body.routes as Array<{ vehicle: string; stops: Array<{ orderNumber: string }> }>) {
      const message = routeMessages(route.vehicle === 'VAN1' ? driverOne : driverTwo)[0]!;
      for (const stop of route.stops) expect(message).toContain(stop.orderNumber);
      expect(message).toContain('💰 Collect');
    }

    const [first] = parcels;
    const stop = await stopOf(first!.number);
    const driver = await driverOf(stop.route_id);
    const other = driver === driverOne ? driverTwo : driverOne;
    const delivered = encodeCallback({ a: 'dv', s: stop.id, k: 'd' });

    // Not this route's driver, nor a customer: refused, nothing changes.
    for (const stranger of [other, String(first!.chatId)]) {
      await chat(stranger).post(chat(stranger).callbackUpdate(delivered));
      expect(office.telegram.messagesTo(stranger).at(-1)).toBe('Only the driver of this route can record its stops.');
    }
    expect(await statusOf(first!.number)).toBe('shipped');

    const van = chat(driver);
    await van.post(van.callbackUpdate(delivered));
    expect(van.lastText()).toBe(`Stop ${stop.sequence} (${first!.number}): delivered. Thank you!`);
    expect(await statusOf(first!.number)).toBe('delivered');
    await van.post(van.callbackUpdate(delivered));
    expect(van.lastText()).toBe(`Stop ${stop.sequence} (${first!.number}) was already recorded as delivered; nothing changed.`);
    await eventually('the customer told', () => office.telegram.messagesTo(first!.chatId).some((text) => text.includes(first!.number) && /delivered/i.test(text)));

    // Failed: the driver says why; the order waits for a new attempt and its customer is asked for a day.
    const second = parcels[1]!;
    const failing = await stopOf(second.number);
    const secondDriver = chat(await driverOf(failing.route_id));
    await secondDriver.post(secondDriver.callbackUpdate(encodeCallback({ a: 'dvf', s: failing.id })));
    expect(secondDriver.lastText()).toBe(`Stop ${failing.sequence} (${second.number}): why could it not be delivered?`);
    await secondDriver.press(/Nobody home/);
    expect(secondDriver.lastText()).toBe(`Stop ${failing.sequence} (${second.number}): not delivered, noted. The customer is told.`);
    expect(await statusOf(second.number)).toBe('delivery_failed');
    await eventually('the customer asked for a day', () => office.telegram.messagesTo(second.chatId).some((text) => text.startsWith(`🚚 We could not deliver order ${second.number} (attempt 1)`)));
    await sleep(1500);
    expect(office.telegram.messagesTo(first!.chatId).filter((text) => text.includes(first!.number) && /delivered/i.test(text))).toHaveLength(1);
  });

  it('a parcel booked at noon is inserted into a route after the stops already done, and only that route\'s driver gets one update', async () => {
    const before = { one: routeMessages(driverOne).length, two: routeMessages(driverTwo).length };
    const done = await sql<{ id: number; route_id: number; sequence: number }>(`select id, route_id, sequence from route_stop where status <> 'pending' order by id`);
    const noon = await shipped(31.2414, 121.4847);
    const stop = await stopOf(noon.number);
    expect(stop.status).toBe('pending');
    // Nothing already done moved, and the new stop comes after them on its route.
    expect(await sql<{ id: number; route_id: number; sequence: number }>(`select id, route_id, sequence from route_stop where status <> 'pending' order by id`)).toEqual(done);
    const doneOnRoute = done.filter((row) => row.route_id === stop.route_id);
    expect(doneOnRoute.every((row) => row.sequence < stop.sequence)).toBe(true);
    const affected = (await sql<{ telegram_chat_id: string; version: number }>('select m.telegram_chat_id, r.version from delivery_route r join staff_member m on m.id = r.driver_id where r.id = ?', [stop.route_id]))[0]!;
    expect(affected.version).toBe(2);
    await eventually('the update', () => routeMessages(affected.telegram_chat_id).length === (affected.telegram_chat_id === driverOne ? before.one : before.two) + 1);
    await sleep(1500);
    expect({ one: routeMessages(driverOne).length, two: routeMessages(driverTwo).length }).toEqual(
      affected.telegram_chat_id === driverOne ? { one: before.one + 1, two: before.two } : { one: before.one, two: before.two + 1 });
    expect(routeMessages(affected.telegram_chat_id).at(-1)).toContain(noon.number);
  });

  it('when a driver finishes a stop, the customer two stops further on hears the van is near, once', async () => {
    for (const code of ['VAN1', 'VAN2']) await request(`${app.url}/api/v1/vehicles/${code}`, { method: 'PUT', headers: auth, body: { name: code, capacityGrams: 20_000, driver: code === 'VAN1' ? 'U0DRV1' : 'U0DRV2' } });
    // Three more parcels where one route already goes: each is inserted there at no extra distance.
    const [anchor] = await sql<{ route_id: number }>(`select rs.route_id from route_stop rs join shipment s on s.id = rs.shipment_id join "order" o on o.id = s.order_id
      where o.shipping_address->>'line1' = '3 Huaihai Road'`);
    const arrivals = [await shipped(31.2504, 121.5037), await shipped(31.2504, 121.5037), await shipped(31.2504, 121.5037)];
    const pending = await sql<{ id: number; number: string; chat: string }>(`select rs.id, o.number, ci.external_id as chat from route_stop rs join shipment s on s.id = rs.shipment_id
      join "order" o on o.id = s.order_id join customer_identity ci on ci.customer_id = o.customer_id where rs.route_id = ? and rs.status = 'pending' order by rs.sequence`, [anchor!.route_id]);
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(arrivals.every((arrival) => pending.some((stop) => stop.number === arrival.number))).toBe(true);
    const driver = chat(await driverOf(anchor!.route_id));

    await driver.post(driver.callbackUpdate(encodeCallback({ a: 'dv', s: pending[0]!.id, k: 'a' })));
    await driver.post(driver.callbackUpdate(encodeCallback({ a: 'dv', s: pending[0]!.id, k: 'd' })));
    await eventually('two stops away', () => near(pending[2]!).length === 1);
    await driver.post(driver.callbackUpdate(encodeCallback({ a: 'dv', s: pending[1]!.id, k: 'd' })));
    await sleep(1500);
    expect([near(pending[1]!).length, near(pending[2]!).length]).toEqual([0, 1]);
  });

  it('bad input: a driver who is not one, a parcel without coordinates (listed, not planned), a wrong date', async () => {
    await app.core.staff.addStaff({ slackUserId: 'U0NOTDRV', name: 'Agent', role: 'agent', telegramChatId: '7730001' }, systemActor);
    const refused = await request(`${app.url}/api/v1/vehicles/VAN9`, { method: 'PUT', headers: auth, body: { name: 'Van 9', capacityGrams: 1000, driver: 'U0NOTDRV' } });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'rule_violation']);
    expect((await sql<{ count: string }>(`select count(*) from vehicle where code = 'VAN9'`))[0]!.count).toBe('0');
    const badDate = await request(`${app.url}/api/v1/fleet/plan`, { method: 'POST', headers: auth, body: { date: '2026-13-40' } });
    expect([badDate.status, badDate.body.error.code]).toEqual([400, 'invalid_input']);
    const backwards = await request(`${app.url}/api/v1/vehicles/VAN9`, { method: 'PUT', headers: auth, body: { name: 'Van 9', capacityGrams: 1000, shift: { start: '18:00', end: '09:00' } } });
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'invalid_input']);
    // 200 km away: no van gets there and back within a working day (09:00-18:00 at 25 km/h).
    const far = await shipped(33.03, 121.47);

    const chatId = 9_790_000 + (pid % 1000);
    const identity = { channel: 'telegram' as const, externalId: String(chatId) };
    const contact = { name: 'No map', locale: 'en' as const };
    const customer = await app.core.customers.resolve(identity, contact);
    const { order } = await app.core.orders.placeOrder({ channel: 'telegram', identity, contact, lines: [{ sku, quantity: 1 }], shippingAddress: { line1: 'Somewhere', city: 'Shanghai', country: 'CN' }, paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id) });
    for (const to of ['picking', 'packed'] as const) await app.core.orders.changeStatus({ number: order.number, to, actor: packer });
    await app.core.logistics.shipOrder(order.number, packer);
    const planned = await request(`${app.url}/api/v1/fleet/plan`, { method: 'POST', headers: auth, body: {} });
    expect(planned.status).toBe(200);
    expect(planned.body.unplanned).toEqual(expect.arrayContaining([
      expect.objectContaining({ orderNumber: order.number, reason: 'no_coordinates' }), expect.objectContaining({ orderNumber: far.number, reason: 'out_of_reach' }),
    ]));
    expect(planned.body.unplanned).toHaveLength(2);
  });

  it('in Slack a dispatcher sees the routes with their totals (also posted to ops) and moves a stop to the other van, audited; both drivers get their new list; others are refused', async () => {
    await eventually('the totals in ops', () => office.slack.posted.some((post) => post.channel === 'C_OPS' && /^🚚 VAN1 \(Wang Driver\), \d{4}-\d{2}-\d{2}: \d+ stops, [\d.]+ km, [\d.]+ of [\d.]+ kg\.$/.test(post.text)));
    expect((await slack.command('U0PACK', '/fleet', '')).body.text).toMatch(/^Sorry/);
    const shown = await slack.command('U0DISPATCH', '/fleet', '');
    expect(JSON.stringify(shown.body.blocks)).toMatch(/\*VAN1\* \(Wang Driver\) · \d+ stops/);
    const [stop] = await sql<{ id: number; number: string; vehicle: string; route_id: number }>(`select rs.id, o.number, v.code as vehicle, rs.route_id from route_stop rs join delivery_route r on r.id = rs.route_id
      join vehicle v on v.id = r.vehicle_id join shipment s on s.id = rs.shipment_id join "order" o on o.id = s.order_id where rs.status = 'pending' order by rs.id limit 1`);
    const to = stop!.vehicle === 'VAN1' ? 'VAN2' : 'VAN1';
    expect(JSON.stringify(shown.body.blocks)).toContain(`"value":"${stop!.id}:${to}"`);
    const since = (await sql<{ id: number }>('select coalesce(max(id), 0) as id from outbox_event'))[0]!.id;
    await slack.click('U0DISPATCH', 'fleet_move', `${stop!.id}:${to}`, { channel: 'C_STAFF', ts: '1733480000.000900', blocks: shown.body.blocks });
    await eventually('moved', async () => (await sql<{ code: string }>('select v.code from route_stop rs join delivery_route r on r.id = rs.route_id join vehicle v on v.id = r.vehicle_id where rs.id = ?', [stop!.id]))[0]!.code === to);
    // One new list per route, each driver's latest showing the stop where it is now.
    const lists = await sql<{ aggregate_id: string }>(`select aggregate_id from outbox_event where topic = 'route.planned' and id > ? order by aggregate_id`, [since]);
    expect(lists).toHaveLength(2);
    expect(new Set(lists.map((row) => row.aggregate_id)).size).toBe(2);
    await eventually('both drivers updated', () => routeMessages(to === 'VAN1' ? driverOne : driverTwo).at(-1)?.includes(stop!.number) === true);
    await eventually('the other list without it', () => routeMessages(to === 'VAN1' ? driverTwo : driverOne).at(-1)?.includes(stop!.number) === false);
    const audits = await sql<{ actor_id: string; after: { vehicle: string } }>(`select actor_id, after from audit_entry where action = 'route.stop_moved' and entity_id = ?`, [String(stop!.id)]);
    expect(audits.map((row) => [row.actor_id, row.after.vehicle])).toEqual([['U0DISPATCH', to]]);
    // Moving it again to where it is now is refused to the clicker alone.
    await slack.click('U0DISPATCH', 'fleet_move', `${stop!.id}:${to}`, { channel: 'C_STAFF', ts: '1733480000.000900', blocks: shown.body.blocks });
    await eventually('the refusal', () => office.slack.callsTo('chat.postEphemeral').some((call) => call.params.user === 'U0DISPATCH' && String(call.params.text).includes(`on ${to} already`)));
  });

  it('after a failed stop the stops still to do are put in order from there (the driver gets the new list once); an order that is already best sends nothing', async () => {
    const [f, a, b, c] = [await shipped(31.2304, 121.49), await shipped(31.2304, 121.50), await shipped(31.2304, 121.52), await shipped(31.2304, 121.54)];
    const failing = await stopOf(f.number);
    // The van's other open stops are out of the way; A, B and C follow F in a zigzag: C, A, B.
    await sql(`update route_stop set status = 'failed' where route_id = ? and status = 'pending' and id <> ?`, [failing.route_id, failing.id]);
    const base = (await sql<{ max: number }>('select max(sequence) as max from route_stop where route_id = ?', [failing.route_id]))[0]!.max;
    for (const [offset, parcel] of [[1, f], [2, c], [3, a], [4, b]] as const) {
      await sql(`update route_stop set route_id = ?, sequence = ?, status = 'pending' where id = ?`, [failing.route_id, base + offset, (await stopOf(parcel.number)).id]);
    }
    const [{ version }] = await sql<{ version: number }>('select version from delivery_route where id = ?', [failing.route_id]) as [{ version: number }];
    const driverChat = await driverOf(failing.route_id);
    // New lists of this route from now on (the driver's chat may still be receiving earlier ones).
    const since = (await sql<{ id: number }>('select coalesce(max(id), 0) as id from outbox_event'))[0]!.id;
    const updates = async () => Number((await sql<{ count: string }>(`select count(*) from outbox_event where topic = 'route.planned' and aggregate_id = ? and id > ?`, [String(failing.route_id), since]))[0]!.count);
    const van = chat(driverChat);
    await van.post(van.callbackUpdate(encodeCallback({ a: 'dvr', s: failing.id, r: 'not_home' })));
    expect(van.lastText()).toMatch(/not delivered, noted/);
    const order = (await Promise.all([a, b, c].map((parcel) => stopOf(parcel.number)))).map((stop) => stop.sequence);
    expect(order[0]! < order[1]! && order[1]! < order[2]! || order[0]! > order[1]! && order[1]! > order[2]!).toBe(true);
    expect((await sql<{ version: number }>('select version from delivery_route where id = ?', [failing.route_id]))[0]!.version).toBe(version + 1);
    expect(await updates()).toBe(1);
    await eventually('the new list', () => routeMessages(driverChat).at(-1)?.includes(`❌ ${f.number}`) === true);

    // Now in the best order: failing the next stop changes nothing and sends nothing.
    const next = (await Promise.all([a, c].map((parcel) => stopOf(parcel.number)))).toSorted((x, y) => x.sequence - y.sequence)[0]!;
    await van.post(van.callbackUpdate(encodeCallback({ a: 'dvr', s: next.id, r: 'refused' })));
    expect(van.lastText()).toMatch(/not delivered, noted/);
    expect(await updates()).toBe(1);
  });
});
