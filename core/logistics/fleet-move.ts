import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { Warehouse } from '../inventory/index.ts';
import { DeliveryRoute, FleetVehicle } from './fleet.entity.ts';
import { routesOf, type FleetStop } from './fleet-read.ts';
import { distanceBetween, type Location } from './routing.ts';

const placeOf = (stop: FleetStop): Location => ({ lat: stop.latitude!, lng: stop.longitude! });

/** How fast the vans go and how long a stop takes: a route's time against a vehicle's working hours. */
export interface FleetPace {
  speedKmh: number;
  stopMinutes: number;
}

/** Whether a route of these stops (kilometres, stops) is back at the depot within `shiftMinutes`. */
export const fitsShift = (pace: FleetPace, km: number, stops: number, shiftMinutes: number): boolean =>
  (km / pace.speedKmh) * 60 + stops * pace.stopMinutes <= shiftMinutes + 1e-9;

/** Kilometres along depot → stops → depot. */
export function routeKm(depot: Location, places: Location[]): number {
  let total = 0;
  let at = depot;
  for (const place of places) {
    total += distanceBetween(at, place);
    at = place;
  }
  return total + distanceBetween(at, depot);
}

/**
 * A dispatcher moves a stop still to do to another vehicle of the same depot: it goes where it
 * adds least after the stops that vehicle already reached, if the vehicle has room and time; both routes
 * get a new version and both drivers the new list; audited. A stop reached already is not moved.
 */
export async function moveStop(tx: EntityManager, stopId: number, vehicleCode: string, actor: Actor, pace: FleetPace): Promise<{ from: string; to: string; orderNumber: string }> {
  const [row] = await tx.execute<Array<{ route_id: number; status: string; date: string }>>(
    `select rs.route_id, rs.status, to_char(r.date, 'YYYY-MM-DD') as date from route_stop rs join delivery_route r on r.id = rs.route_id where rs.id = ? for update of rs, r`, [stopId]);
  if (!row) throw new AppError('not_found', `No stop ${stopId}`, { stopId });
  if (row.status !== 'pending') throw new AppError('invalid_transition', `Stop ${stopId} is ${row.status}: only a stop still to do is moved`, { status: row.status });
  const vehicle = await tx.findOne(FleetVehicle, { code: vehicleCode, active: true }, { populate: ['driver'] });
  const [source] = await routesOf(tx, row.date, [row.route_id]);
  if (!vehicle || !vehicle.driver?.active) throw new AppError('not_found', `No vehicle ${vehicleCode} with a driver`, { vehicle: vehicleCode });
  if (vehicle.id === source!.vehicleId) throw new AppError('rule_violation', `The stop is on ${vehicleCode} already`, { vehicle: vehicleCode });
  if (vehicle.warehouse.id !== source!.warehouseId) throw new AppError('rule_violation', `${vehicleCode} loads at another warehouse`, { vehicle: vehicleCode });
  const target = (await tx.findOne(DeliveryRoute, { date: row.date, vehicle })) ?? tx.create(DeliveryRoute, { date: row.date, vehicle, driver: vehicle.driver });
  await tx.flush();
  await tx.execute('select 1 from delivery_route where id = ? for update', [target.id]);
  const [destination] = await routesOf(tx, row.date, [target.id]);
  const stop = source!.stops.find((each) => each.id === stopId)!;
  const load = destination!.stops.reduce((sum, each) => sum + each.weightGrams, 0);
  if (load + stop.weightGrams > vehicle.capacityGrams) throw new AppError('rule_violation', `${vehicleCode} has no room for ${stop.weightGrams} g more`, { loadGrams: load, capacityGrams: vehicle.capacityGrams });

  const warehouse = await tx.findOneOrFail(Warehouse, { id: source!.warehouseId });
  const depot = { lat: Number(warehouse.latitude), lng: Number(warehouse.longitude) };
  const places = destination!.stops.map(placeOf);
  const reached = destination!.stops.findLastIndex((each) => each.status !== 'pending') + 1;
  let best = places.length;
  for (let position = reached; position <= places.length; position += 1) {
    const cost = routeKm(depot, [...places.slice(0, position), placeOf(stop), ...places.slice(position)]);
    if (cost < routeKm(depot, [...places.slice(0, best), placeOf(stop), ...places.slice(best)])) best = position;
  }
  const left = source!.stops.filter((each) => each.id !== stopId);
  const joined = [...destination!.stops.slice(0, best), stop, ...destination!.stops.slice(best)];
  if (!fitsShift(pace, routeKm(depot, joined.map(placeOf)), joined.length, destination!.shiftMinutes)) {
    throw new AppError('rule_violation', `${vehicleCode} cannot fit another stop into its working hours`, { vehicle: vehicleCode });
  }
  await tx.execute('update route_stop set route_id = ? where id = ?', [target.id, stopId]);
  for (const [index, each] of left.entries()) await tx.execute('update route_stop set sequence = ? where id = ?', [index + 1, each.id]);
  for (const [index, each] of joined.entries()) await tx.execute('update route_stop set sequence = ? where id = ?', [index + 1, each.id]);
  await tx.execute('update delivery_route set version = version + 1, distance_km = ?, updated_at = now() where id = ?', [routeKm(depot, left.map(placeOf)), source!.id]);
  await tx.execute('update delivery_route set version = version + 1, distance_km = ?, updated_at = now() where id = ?', [routeKm(depot, joined.map(placeOf)), target.id]);
  audit(tx, actor, { entityType: 'route_stop', entityId: String(stopId), action: 'route.stop_moved', before: { vehicle: source!.vehicle, order: stop.orderNumber }, after: { vehicle: vehicleCode } });
  for (const route of await routesOf(tx, row.date, [source!.id, target.id])) {
    publish(tx, 'route.planned', { type: 'route', id: String(route.id) }, { routeId: route.id, version: route.version, date: row.date });
  }
  await tx.flush();
  return { from: source!.vehicle, to: vehicleCode, orderNumber: stop.orderNumber };
}
