import type { EntityManager } from '@mikro-orm/postgresql';
import { publish } from '../shared/outbox.ts';
import { Warehouse } from '../inventory/index.ts';
import { routesOf, type FleetStop } from './fleet-read.ts';
import { placeOf, routeKm } from './fleet-geometry.ts';
import { distanceBetween, type Location } from './routing.ts';


/** 2-opt on an open path with a fixed start and end: reverses stretches while that shortens it. */
function shortenPath(start: Location, end: Location, stops: FleetStop[]): FleetStop[] {
  const path = [...stops];
  const at = (index: number) => (index < 0 ? start : index >= path.length ? end : placeOf(path[index]!));
  for (let improved = true; improved;) {
    improved = false;
    for (let i = 0; i < path.length - 1 && !improved; i += 1) {
      for (let j = i + 1; j < path.length && !improved; j += 1) {
        const delta = distanceBetween(at(i - 1), at(j)) + distanceBetween(at(i), at(j + 1)) - distanceBetween(at(i - 1), at(i)) - distanceBetween(at(j), at(j + 1));
        if (delta < -1e-9) {
          path.splice(i, j - i + 1, ...path.slice(i, j + 1).toReversed());
          improved = true;
        }
      }
    }
  }
  return path;
}

/**
 * After a failed stop the van is there, not where the plan thought it would be next: the stops
 * still to do are put in the shortest order from that stop back to the depot (the stops already
 * reached keep their places). When the order changes, the route gets a new version and the
 * driver the new list, once; when it does not, nothing is sent.
 */
export async function replanAfter(tx: EntityManager, routeId: number, stopId: number): Promise<boolean> {
  const [dated] = await tx.execute<Array<{ date: string }>>(`select to_char(date, 'YYYY-MM-DD') as date from delivery_route where id = ? for update`, [routeId]);
  const [route] = await routesOf(tx, dated!.date, [routeId]);
  const here = route!.stops.find((stop) => stop.id === stopId)!;
  const pending = route!.stops.filter((stop) => stop.status === 'pending');
  const warehouse = await tx.findOneOrFail(Warehouse, { id: route!.warehouseId });
  if (pending.length < 2 || here.latitude === null || pending.some((stop) => stop.latitude === null) || warehouse.latitude === null) return false;
  const depot = { lat: Number(warehouse.latitude), lng: Number(warehouse.longitude) };
  const better = shortenPath(placeOf(here), depot, pending);
  if (better.every((stop, index) => stop.id === pending[index]!.id)) return false;
  // The stops reached keep their order, first; then the rest in the new order.
  const reached = route!.stops.filter((stop) => stop.status !== 'pending');
  for (const [index, stop] of [...reached, ...better].entries()) await tx.execute('update route_stop set sequence = ? where id = ?', [index + 1, stop.id]);
  await tx.execute('update delivery_route set version = version + 1, distance_km = ?, updated_at = now() where id = ?', [routeKm(depot, [...reached, ...better].map(placeOf)), routeId]);
  publish(tx, 'route.planned', { type: 'route', id: String(routeId) }, { routeId, version: route!.version + 1, date: dated!.date });
  await tx.flush();
  return true;
}
