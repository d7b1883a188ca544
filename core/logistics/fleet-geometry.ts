import { distanceBetween } from './routing.ts';
import type { LatLng } from './distance.port.ts';

/** How fast the vans go and how long a stop takes: a route's time against a vehicle's working hours. */
export interface FleetPace {
  speedKmh: number;
  stopMinutes: number;
}

/** Where a parcel goes (callers check it has coordinates). */
export const placeOf = (parcel: { latitude: number | null; longitude: number | null }): LatLng => ({ lat: parcel.latitude!, lng: parcel.longitude! });

/** Whether a route of these stops (kilometres, stops) is back at the depot within `shiftMinutes`. */
export const fitsShift = (pace: FleetPace, km: number, stops: number, shiftMinutes: number): boolean =>
  (km / pace.speedKmh) * 60 + stops * pace.stopMinutes <= shiftMinutes + 1e-9;

/** Kilometres along depot → stops → depot. */
export function routeKm(depot: LatLng, places: readonly LatLng[]): number {
  let total = 0;
  let at = depot;
  for (const place of places) {
    total += distanceBetween(at, place);
    at = place;
  }
  return total + distanceBetween(at, depot);
}

/**
 * Where a new stop adds least distance to a route, after the stops already reached (nothing done
 * moves), keeping the route within `shiftMinutes`; null when no place fits.
 */
export function cheapestInsertion(
  depot: LatLng, stops: ReadonlyArray<{ latitude: number | null; longitude: number | null; status: string }>, place: LatLng, pace: FleetPace, shiftMinutes: number,
): { position: number; cost: number } | null {
  const places = stops.map(placeOf);
  const base = routeKm(depot, places);
  const reached = stops.findLastIndex((stop) => stop.status !== 'pending') + 1;
  let best: { position: number; cost: number } | null = null;
  for (let position = reached; position <= places.length; position += 1) {
    const longer = routeKm(depot, [...places.slice(0, position), place, ...places.slice(position)]);
    if (!fitsShift(pace, longer, places.length + 1, shiftMinutes)) continue;
    if (!best || longer - base < best.cost) best = { position, cost: longer - base };
  }
  return best;
}
