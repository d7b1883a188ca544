import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerActor, systemActor, type Actor } from '../../core/shared/actor.ts';
import { createRoutingSource } from '../../bots/routing/osrm.ts';
import { roadDistances } from '../../core/logistics/distance.port.ts';
import { productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';

/** A stand-in for OSRM's table service: every road between two different places is 7 km. */
let asked: string[] = [];
let answering = true;
const osrm: Server = createServer((req, res) => {
  asked.push(req.url ?? '');
  const match = /^\/table\/v1\/driving\/([^?]+)\?annotations=distance$/.exec(req.url ?? '');
  if (!answering || !match) return void res.writeHead(503).end('{"code":"Busy"}');
  const points = match[1]!.split(';');
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'Ok', distances: points.map((_, i) => points.map((_unused, j) => (i === j ? 0 : 7000))) }));
});
let app: TestApp;
const packer: Actor = { type: 'staff', id: 'U0PACK', role: 'agent' };

beforeAll(async () => {
  await new Promise<void>((resolve) => osrm.listen(0, '127.0.0.1', resolve));
  const { port } = osrm.address() as { port: number };
  app = await startTestApp({ env: { OSRM_URL: `http://127.0.0.1:${port}` } });
  await app.orm.em.fork().getConnection().execute('update warehouse set latitude = 31.2304, longitude = 121.4737 where is_default');
});
afterAll(() => new Promise<void>((resolve) => osrm.close(() => resolve())));

describe('road distances from OSRM (issue 24)', () => {
  it('the day is planned on the routing engine\'s distances', async () => {
    const admin: Actor = { type: 'staff', id: 'U0ADMIN', role: 'admin' };
    await app.core.logistics.saveCarrier({ code: 'OWN', name: 'Our vans', ownFleet: true, services: [{ code: 'sameday', name: 'Same day', transitDays: 0, cutoffHour: 23, supportsCod: true, regions: ['Shanghai'], weightBands: [{ maxGrams: 20_000, priceMinor: 800 }] }] }, admin);
    await app.core.staff.addStaff({ slackUserId: 'U0DRVO', name: 'Wang', role: 'driver', telegramChatId: '7790001' }, systemActor);
    await app.core.fleet.saveVehicle({ code: 'VANO', name: 'Van', capacityGrams: 50_000, driver: 'U0DRVO' }, admin);
    const { sku } = await productWithStock(app.orm, 10, { weightGrams: 1000 });
    for (const [index, longitude] of [121.48, 121.49].entries()) {
      const identity = { channel: 'telegram' as const, externalId: `9780${index}` };
      const contact = { name: `Customer ${index}`, locale: 'en' as const };
      const customer = await app.core.customers.resolve(identity, contact);
      const { order } = await app.core.orders.placeOrder({ channel: 'telegram', identity, contact, lines: [{ sku, quantity: 1 }], shippingAddress: { line1: `${index} Road`, city: 'Shanghai', country: 'CN', latitude: 31.2304, longitude }, paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id) });
      for (const to of ['picking', 'packed'] as const) await app.core.orders.changeStatus({ number: order.number, to, actor: packer });
      await app.core.logistics.shipOrder(order.number, packer);
    }
    const key = await app.apiKey(['fulfilment:write']);
    const planned = await request(`${app.url}/api/v1/fleet/plan`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: {} });
    expect([planned.status, planned.body.distances]).toEqual([200, 'osrm']);
    // depot → 1 → 2 → depot: three roads of 7 km, whatever the straight lines say (about 1.6 km).
    expect(planned.body.routes.map((route: { distanceKm: number; stops: unknown[] }) => [route.stops.length, route.distanceKm])).toEqual([[2, 21]]);
    expect(asked).toEqual([expect.stringMatching(/^\/table\/v1\/driving\/121\.473700,31\.230400;121\.4\d0000,31\.230400;121\.4\d0000,31\.230400\?annotations=distance$/)]);
  });

  it('OSRM away (or answering nonsense): straight lines, labelled so; no OSRM_URL: no source', async () => {
    answering = false;
    asked = [];
    const source = createRoutingSource({ OSRM_URL: `http://127.0.0.1:${(osrm.address() as { port: number }).port}` })!;
    await expect(source.matrix([{ lat: 31.23, lng: 121.47 }, { lat: 31.24, lng: 121.48 }])).rejects.toThrow(/OSRM answered 503/);
    const road = await roadDistances(source, [{ lat: 31.23, lng: 121.47 }, { lat: 31.24, lng: 121.48 }]);
    expect(road.source).toBe('haversine (osrm unavailable)');
    expect(road.matrix[0]![1]).toBeCloseTo(1.45, 1);
    expect(createRoutingSource({})).toBeNull();
  });
});
