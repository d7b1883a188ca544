import { z } from 'zod';
import { stopStatuses, type FleetService } from '../../../core/logistics/index.ts';
import { operation, type Operation } from './operation.ts';
import { businessDate } from './dates.ts';

const tag = 'Own fleet';
const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a wall-clock time, HH:MM');
const code = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore');
const stopSchema = z.object({
  id: z.number().int(), sequence: z.number().int(), status: z.enum(stopStatuses), orderNumber: z.string(), trackingNumber: z.string(), customer: z.string(),
  address: z.string(), latitude: z.number().nullable(), longitude: z.number().nullable(), weightGrams: z.number().int(), codMinor: z.number().int().nullable(), reason: z.string().nullable(),
});
const routeSchema = z.object({
  id: z.number().int(), date: z.string(), vehicle: z.string(), driver: z.string().nullable(), version: z.number().int(), distanceKm: z.number(),
  loadGrams: z.number().int(), capacityGrams: z.number().int(), stops: z.array(stopSchema),
});
const planSchema = z.object({
  date: z.string(), distances: z.string().describe('Where the distances came from: osrm, or haversine (straight lines; also when OSRM did not answer)'), routes: z.array(routeSchema), changed: z.array(z.number().int()).describe('Routes this run made or changed (their drivers were sent the new list)'),
  unplanned: z.array(z.object({ orderNumber: z.string(), trackingNumber: z.string(), reason: z.enum(['no_coordinates', 'no_vehicle', 'no_capacity', 'out_of_reach']) })),
});

type Route = Awaited<ReturnType<FleetService['routes']>>[number];
const routeView = (route: Route) => ({
  id: route.id, date: route.date, vehicle: route.vehicle, driver: route.driver, version: route.version, distanceKm: Math.round(route.distanceKm * 10) / 10,
  loadGrams: route.stops.reduce((sum, stop) => sum + stop.weightGrams, 0), capacityGrams: route.capacityGrams,
  stops: route.stops.map((stop) => ({
    id: stop.id, sequence: stop.sequence, status: stop.status, orderNumber: stop.orderNumber, trackingNumber: stop.trackingNumber, customer: stop.customer, address: stop.address,
    latitude: stop.latitude, longitude: stop.longitude, weightGrams: stop.weightGrams, codMinor: stop.codMinor, reason: stop.reason,
  })),
});

/** The own fleet over the API: vehicles (admin), planning the day and its routes (dispatchers). */
export function fleetOperations(fleet: FleetService): Operation[] {
  return [
    operation({
      method: 'put', path: '/vehicles/:code', tag, summary: 'Add or change a vehicle of the own fleet', permission: 'carrier.admin',
      description: 'Capacity in grams; the depot warehouse it loads at (default: the default warehouse); its driver by Slack user id (a staff member with the `driver` role and a Telegram chat); its working hours.',
      params: { code: code.meta({ examples: ['VAN1'] }) },
      body: z.object({
        name: z.string().trim().min(1).max(100), capacityGrams: z.number().int().positive().max(100_000_000), warehouse: code.optional(), driver: z.string().trim().min(1).max(32).optional(),
        shift: z.object({ start: clock, end: clock }).strict().optional().describe('Working hours at the depot (default 09:00–18:00): each route fits in them at FLEET_SPEED_KMH with FLEET_STOP_MINUTES a stop'),
      }).strict(),
      example: { name: 'Van 1', capacityGrams: 800_000, warehouse: 'SH1', driver: 'U0DRIVER1', shift: { start: '08:00', end: '17:00' } },
      response: z.object({ code: z.string() }), errors: ['not_found', 'rule_violation', 'invalid_input'],
      handle: ({ params, body, caller }) => fleet.saveVehicle({ code: params.code, ...body }, caller.actor),
    }),
    operation({
      method: 'post', path: '/fleet/plan', tag, summary: 'Plan the own fleet\'s day (again)', permission: 'fleet.dispatch',
      description: 'The first run of a day plans every open own-fleet parcel over the vehicles with a driver; a later run puts new parcels where they add least, after the stops already reached. Each changed route\'s driver gets the new list in Telegram. Parcels without coordinates, without a vehicle at their warehouse or without room are listed in `unplanned`.',
      body: z.object({ date: businessDate.optional() }).strict(), optionalBody: true, example: {},
      response: planSchema, errors: ['rule_violation'],
      handle: async ({ body, caller }) => {
        const plan = await fleet.planDay(body?.date, caller.actor);
        return { ...plan, routes: plan.routes.map(routeView) };
      },
    }),
    operation({
      method: 'get', path: '/fleet/routes', tag, summary: 'The day\'s routes with their stops in order', permission: 'fleet.dispatch',
      query: z.object({ date: businessDate.optional() }).strict(),
      response: z.object({ items: z.array(routeSchema) }),
      handle: async ({ query, caller }) => ({ items: (await fleet.routes(query.date, caller.actor)).map(routeView) }),
    }),
  ];
}
