import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { Warehouse } from '../inventory/index.ts';
import { DeliveryRoute, FleetVehicle } from './fleet.entity.ts';
import { routesOf } from './fleet-read.ts';
import { cheapestInsertion, placeOf, routeKm, type FleetPace } from './fleet-geometry.ts';

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
  const best = cheapestInsertion(depot, destination!.stops, placeOf(stop), pace, destination!.shiftMinutes);
  if (!best) throw new AppError('rule_violation', `${vehicleCode} cannot fit another stop into its working hours`, { vehicle: vehicleCode });
  const left = source!.stops.filter((each) => each.id !== stopId);
  const joined = [...destination!.stops.slice(0, best.position), stop, ...destination!.stops.slice(best.position)];
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
