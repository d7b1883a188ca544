/**
 * Delivery route planning for an own fleet. Pure: no database, no clock except the optional
 * time budget. Construction by savings (Clarke–Wright) or, for one vehicle without limits,
 * many nearest-neighbour starts; then local search (2-opt, or-opt, moving stops between routes)
 * until nothing improves or the time budget runs out.
 */

/** A place: planar x/y (Euclidean distance) or latitude/longitude (haversine, km). */
export type Location = { x: number; y: number } | { lat: number; lng: number };

export interface Stop {
  id: string;
  location: Location;
  /** Units this stop takes from a vehicle's capacity. @default 0 */
  demand?: number | undefined;
  /** Arrival between these times (same unit as distance: travel at speed 1). */
  window?: [number, number] | undefined;
  /** Time spent at the stop (handing over), in the same unit. @default 0 */
  service?: number | undefined;
}

export interface Vehicle {
  id: string;
  /** Most units per trip. @default unlimited */
  capacity?: number | undefined;
}

export interface PlanInput {
  depot: Location;
  stops: Stop[];
  vehicles: Vehicle[];
  /** `tsplib`: planar distances rounded to the nearest whole number (TSPLIB's EUC_2D). @default exact */
  metric?: 'exact' | 'tsplib' | undefined;
  /** Every trip is back at the depot by this time (a driver's working hours, in time units). @default none */
  horizon?: number | undefined;
  /** Distances between depot (index 0) and stops (1..n) from elsewhere (a routing engine's road distances), instead of the places'. */
  matrix?: number[][] | undefined;
}

export interface Plan {
  routes: Array<{ vehicle: string; stops: string[]; distance: number }>;
  totalDistance: number;
}

/** Why a plan is impossible (too little capacity, a window that cannot be met, mixed coordinates). */
export class RoutingError extends Error {
  override name = 'RoutingError';
}

function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

/** Distance between two places of the same kind. */
export function distanceBetween(a: Location, b: Location): number {
  if ('x' in a && 'x' in b) return Math.hypot(a.x - b.x, a.y - b.y);
  if ('lat' in a && 'lat' in b) {
    const h = Math.sin(toRadians(b.lat - a.lat) / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(toRadians(b.lng - a.lng) / 2) ** 2;
    return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  throw new RoutingError('All places must use the same coordinates: x/y or lat/lng');
}

/** The problem in index form: node 0 is the depot, stops are 1..n. */
export interface Problem {
  distance: (a: number, b: number) => number;
  demand: number[];
  window: Array<[number, number] | undefined>;
  service: number[];
  /** When every trip must be back at the depot (infinite: no limit). */
  horizon: number;
  capacity: number;
  /** How many trips may be made at once (one per vehicle). */
  maxRoutes: number;
  size: number;
}

export function buildProblem(input: PlanInput): Problem {
  const points = [input.depot, ...input.stops.map((stop) => stop.location)];
  const size = points.length;
  const matrix = new Float64Array(size * size);
  const rounded = input.metric === 'tsplib';
  if (input.matrix && (input.matrix.length !== size || input.matrix.some((row) => row.length !== size))) throw new RoutingError(`The distance matrix must be ${size} × ${size}`);
  for (let i = 0; i < size; i += 1) for (let j = 0; j < size; j += 1) {
    if (i === j) continue;
    if (input.matrix) matrix[i * size + j] = input.matrix[i]![j]!;
    else if (j > i) {
      const d = rounded ? Math.round(distanceBetween(points[i]!, points[j]!)) : distanceBetween(points[i]!, points[j]!);
      matrix[i * size + j] = d;
      matrix[j * size + i] = d;
    }
  }
  const capacities = input.vehicles.map((vehicle) => vehicle.capacity ?? Number.POSITIVE_INFINITY);
  return {
    distance: (a, b) => matrix[a * size + b]!,
    demand: [0, ...input.stops.map((stop) => stop.demand ?? 0)],
    window: [undefined, ...input.stops.map((stop) => stop.window)],
    service: [0, ...input.stops.map((stop) => stop.service ?? 0)],
    horizon: input.horizon ?? Number.POSITIVE_INFINITY,
    capacity: capacities.length > 0 ? Math.max(...capacities) : Number.POSITIVE_INFINITY,
    maxRoutes: Math.max(1, input.vehicles.length),
    size,
  };
}

/** Length of a route that starts and ends at the depot (node 0). */
export function routeLength(problem: Problem, route: readonly number[]): number {
  let total = 0;
  let previous = 0;
  for (const node of route) {
    total += problem.distance(previous, node);
    previous = node;
  }
  return total + problem.distance(previous, 0);
}

/** Whether time matters for feasibility: windows, a horizon or time spent at stops. */
export const isTimed = (problem: Problem): boolean => problem.window.some(Boolean) || Number.isFinite(problem.horizon);

/** Capacity, time windows and the horizon hold along the route. */
export function feasible(problem: Problem, route: readonly number[]): boolean {
  let load = 0;
  let time = 0;
  let previous = 0;
  for (const node of route) {
    load += problem.demand[node]!;
    time += problem.distance(previous, node);
    const window = problem.window[node];
    if (window) {
      if (time > window[1] + 1e-9) return false;
      time = Math.max(time, window[0]);
    }
    time += problem.service[node]!;
    previous = node;
  }
  return load <= problem.capacity && time + problem.distance(previous, 0) <= problem.horizon + 1e-9;
}
