import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { publish } from '../shared/outbox.ts';
import { Warehouse } from '../inventory/index.ts';
import { DeliveryRoute, FleetVehicle, RouteStop } from './fleet.entity.ts';
import { routesOf, unroutedParcels, type FleetParcel, type FleetRoute } from './fleet-read.ts';
import { distanceBetween, RoutingError } from './routing.ts';
import { cheapestInsertion, fitsShift, placeOf, routeKm, type FleetPace } from './fleet-geometry.ts';
import { roadDistances, straightLines, type DistanceSource, type LatLng } from './distance.port.ts';
import { planRoutes } from './route-planner.ts';
import { applyCarrierEvent } from './tracking-events.ts';

/** What a planning run did: the day's routes, and the parcels it could not put on one (and why). */
export interface FleetPlan {
  date: string;
  /** Where the first plan's distances came from: `osrm`, or `haversine` (straight lines; also when OSRM did not answer). */
  distances: string;
  routes: FleetRoute[];
  changed: number[];
  unplanned: Array<{ orderNumber: string; trackingNumber: string; reason: 'no_coordinates' | 'no_vehicle' | 'no_capacity' | 'out_of_reach' }>;
}



/**
 * Plans the own fleet's day, one warehouse at a time (its vehicles with a driver load there):
 * the first run of the day plans every open parcel over the vehicles (capacity in grams,
 * haversine distances, `budgetMs` of search); a later run (a parcel booked at noon, one a failed
 * attempt left over) inserts each new parcel where it adds least, after every stop already
 * reached, so nothing done moves. Every route that changed gets a new version and its driver
 * the new list (`route.planned`, once per route and run); its parcels go out for delivery.
 * One run at a time (advisory lock).
 */
export async function planFleetDay(tx: EntityManager, date: string, now: Date, budgetMs: number, pace: FleetPace, source: DistanceSource = straightLines): Promise<FleetPlan> {
  await tx.execute(`select pg_advisory_xact_lock(hashtext('fleet-plan'))`);
  const parcels = await unroutedParcels(tx);
  const vehicles = await tx.find(FleetVehicle, { active: true, driver: { active: true } }, { orderBy: { code: 'asc' } });
  const existing = await routesOf(tx, date);
  const unplanned: FleetPlan['unplanned'] = [];
  const changed = new Set<number>();
  let distances = straightLines.name;
  for (const warehouseId of new Set(parcels.map((parcel) => parcel.warehouseId))) {
    const fleet = vehicles.filter((vehicle) => vehicle.warehouse.id === warehouseId);
    const warehouse = await tx.findOneOrFail(Warehouse, { id: warehouseId });
    const here = parcels.filter((parcel) => parcel.warehouseId === warehouseId);
    const placed = here.filter((parcel) => parcel.latitude !== null && parcel.longitude !== null && warehouse.latitude !== null && warehouse.longitude !== null);
    unplanned.push(...here.filter((parcel) => !placed.includes(parcel)).map((parcel) => ({ orderNumber: parcel.orderNumber, trackingNumber: parcel.trackingNumber, reason: 'no_coordinates' as const })));
    if (placed.length === 0) continue;
    if (fleet.length === 0) {
      unplanned.push(...placed.map((parcel) => ({ orderNumber: parcel.orderNumber, trackingNumber: parcel.trackingNumber, reason: 'no_vehicle' as const })));
      continue;
    }
    const depot = { lat: Number(warehouse.latitude), lng: Number(warehouse.longitude) };
    // A parcel no van of this depot can take there and back within its working hours waits for the dispatcher.
    const longest = Math.max(...fleet.map((vehicle) => vehicle.shiftEndMinute - vehicle.shiftStartMinute));
    const reachable = placed.filter((parcel) => fitsShift(pace, 2 * distanceBetween(depot, placeOf(parcel)), 1, longest));
    unplanned.push(...placed.filter((parcel) => !reachable.includes(parcel)).map((parcel) => ({ orderNumber: parcel.orderNumber, trackingNumber: parcel.trackingNumber, reason: 'out_of_reach' as const })));
    if (reachable.length === 0) continue;
    const routes = existing.filter((route) => route.warehouseId === warehouseId);
    let written: number[];
    if (routes.length === 0) {
      const road = await roadDistances(source, [depot, ...reachable.map(placeOf)]);
      distances = road.source;
      written = await firstPlan(tx, date, depot, fleet, reachable, budgetMs, pace, road.matrix);
    } else {
      written = await insertParcels(tx, depot, routes, reachable, unplanned, pace);
    }
    for (const id of written) changed.add(id);
  }
  const routes = await routesOf(tx, date);
  for (const route of routes.filter((each) => changed.has(each.id))) {
    // The customer hears the parcel is on its way once per day, whichever run put it on a route.
    for (const stop of route.stops.filter((each) => each.status === 'pending')) {
      await applyCarrierEvent(tx, stop.carrier, { id: `out:${date}`, trackingNumber: stop.trackingNumber, status: 'out_for_delivery', occurredAt: now });
    }
    publish(tx, 'route.planned', { type: 'route', id: String(route.id) }, { routeId: route.id, version: route.version, date });
  }
  await tx.flush();
  return { date, distances, routes, changed: [...changed], unplanned };
}

/** The day's first plan of one warehouse: routes over its vehicles, written with their stops in order. */
async function firstPlan(tx: EntityManager, date: string, depot: LatLng, fleet: FleetVehicle[], parcels: FleetParcel[], budgetMs: number, pace: FleetPace, matrix: number[][]): Promise<number[]> {
  // Time in kilometres driven: a stop's minutes and the working day at the vans' speed (the shortest day binds every trip).
  const km = (minutes: number) => (minutes / 60) * pace.speedKmh;
  const shortest = Math.min(...fleet.map((vehicle) => vehicle.shiftEndMinute - vehicle.shiftStartMinute));
  let plan;
  try {
    plan = planRoutes({
      depot, stops: parcels.map((parcel) => ({ id: String(parcel.shipmentId), location: placeOf(parcel), demand: parcel.weightGrams, service: km(pace.stopMinutes) })),
      vehicles: fleet.map((vehicle) => ({ id: String(vehicle.id), capacity: vehicle.capacityGrams })), horizon: km(shortest), matrix,
    }, { timeLimitMs: budgetMs });
  } catch (error) {
    if (error instanceof RoutingError) throw new AppError('rule_violation', `No plan for ${date}: ${error.message}`, { date });
    throw error;
  }
  const ids: number[] = [];
  for (const planned of plan.routes) {
    const vehicle = fleet.find((each) => String(each.id) === planned.vehicle)!;
    const route = tx.create(DeliveryRoute, { date, vehicle, driver: vehicle.driver, distanceKm: planned.distance });
    planned.stops.forEach((id, index) => tx.create(RouteStop, { route, shipment: Number(id), sequence: index + 1 }));
    await tx.flush();
    ids.push(route.id);
  }
  return ids;
}

/** Later in the day: each new parcel goes where it adds least distance on a route with room and time left, after the stops already reached. */
async function insertParcels(tx: EntityManager, depot: LatLng, routes: FleetRoute[], parcels: FleetParcel[], unplanned: FleetPlan['unplanned'], pace: FleetPace): Promise<number[]> {
  const changed = new Set<number>();
  for (const parcel of parcels) {
    let best: { route: FleetRoute; position: number; cost: number } | null = null;
    for (const route of routes) {
      if (route.stops.reduce((sum, stop) => sum + stop.weightGrams, 0) + parcel.weightGrams > route.capacityGrams) continue;
      const place = cheapestInsertion(depot, route.stops, placeOf(parcel), pace, route.shiftMinutes);
      if (place && (!best || place.cost < best.cost)) best = { route, ...place };
    }
    if (!best) {
      unplanned.push({ orderNumber: parcel.orderNumber, trackingNumber: parcel.trackingNumber, reason: 'no_capacity' });
      continue;
    }
    best.route.stops.splice(best.position, 0, { ...parcel, id: 0, sequence: 0, status: 'pending', reason: null });
    changed.add(best.route.id);
  }
  for (const route of routes.filter((each) => changed.has(each.id))) {
    const row = await tx.findOneOrFail(DeliveryRoute, { id: route.id });
    row.version += 1;
    row.distanceKm = routeKm(depot, route.stops.map(placeOf));
    for (const [index, stop] of route.stops.entries()) {
      if (stop.id === 0) tx.create(RouteStop, { route: row, shipment: stop.shipmentId, sequence: index + 1 });
      else await tx.execute('update route_stop set sequence = ? where id = ?', [index + 1, stop.id]);
    }
    await tx.flush();
  }
  return [...changed];
}

/**
 * A parcel booked with the own fleet after the day was planned (an order placed at noon): the
 * day is planned again, which inserts it without moving stops already reached. Before the day's
 * first plan nothing happens (the morning run takes it). A plan that cannot be made leaves the
 * parcel for the dispatcher (`POST /fleet/plan` lists it), the shipment stands.
 */
export async function planArrivals(tx: EntityManager, date: string, now: Date, budgetMs: number, pace: FleetPace, source: DistanceSource): Promise<void> {
  const [planned] = await tx.execute<Array<{ any: boolean }>>('select exists (select 1 from delivery_route where date = ?::date) as any', [date]);
  if (!planned?.any) return;
  try {
    await planFleetDay(tx, date, now, budgetMs, pace, source);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'rule_violation')) throw error;
  }
}
