import { buildProblem, feasible, isTimed, routeLength, RoutingError, type Plan, type PlanInput, type Problem } from './routing.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { improveRoute, relocateBetweenRoutes, savingsRoutes, tspTour } from './route-search.ts';
import { ruinAndRecreate } from './ruin-recreate.ts';

/** Options of `planRoutes`. */
export interface PlanOptions {
  /** Stop improving after this long (ms). @default 1500 */
  timeLimitMs?: number;
  /** Seed of the search's random kicks: the same input and seed give the same plan. @default 1 */
  seed?: number;
}

function validate(input: PlanInput): void {
  if (input.vehicles.length === 0) throw new RoutingError('At least one vehicle is needed');
  const ids = new Set<string>();
  for (const stop of input.stops) {
    if (ids.has(stop.id)) throw new RoutingError(`Stop id ${stop.id} appears twice`);
    ids.add(stop.id);
    if ((stop.demand ?? 0) < 0) throw new RoutingError(`Stop ${stop.id} has a negative demand`);
    if (stop.window && stop.window[0] > stop.window[1]) throw new RoutingError(`Stop ${stop.id} has a window that ends before it starts`);
  }
}

/** Gives each trip a vehicle: biggest loads to biggest vehicles; refuses when there are more trips than vehicles. */
function assignVehicles(problem: Problem, input: PlanInput, routes: number[][]): Plan {
  const load = (route: number[]) => route.reduce((sum, node) => sum + problem.demand[node]!, 0);
  const trips = [...routes].sort((a, b) => load(b) - load(a));
  const vehicles = [...input.vehicles].sort((a, b) => (b.capacity ?? Number.POSITIVE_INFINITY) - (a.capacity ?? Number.POSITIVE_INFINITY));
  if (trips.length > vehicles.length) throw new RoutingError(`These stops need ${trips.length} vehicles; ${vehicles.length} given`);
  const planned = trips.map((route, index) => {
    const vehicle = vehicles[index]!;
    if (load(route) > (vehicle.capacity ?? Number.POSITIVE_INFINITY)) throw new RoutingError(`Vehicle ${vehicle.id} cannot carry ${load(route)} units`);
    return { vehicle: vehicle.id, stops: route.map((node) => input.stops[node - 1]!.id), distance: routeLength(problem, route) };
  });
  return { routes: planned, totalDistance: planned.reduce((sum, route) => sum + route.distance, 0) };
}

/**
 * Plans routes that visit every stop once and minimise the total distance. One vehicle
 * without capacity or windows is a travelling salesman tour; otherwise savings routes, each
 * improved, with stops moved between routes, then ruin and recreate until the time budget is
 * spent (at most one trip per vehicle). Throws RoutingError when it cannot be done.
 */
export function planRoutes(input: PlanInput, options: PlanOptions = {}): Plan {
  validate(input);
  if (input.stops.length === 0) return { routes: [], totalDistance: 0 };
  const deadline = Date.now() + (options.timeLimitMs ?? 1500);
  const problem = buildProblem(input);
  // Named by its id: a stop no vehicle can serve even alone (too heavy, its window out of reach).
  for (let node = 1; node < problem.size; node += 1) {
    if (!feasible(problem, [node])) throw new RoutingError(`Stop ${input.stops[node - 1]!.id} cannot be served: its demand or time window is out of reach`);
  }
  const random = seededRandom(options.seed ?? 1);
  const totalDemand = problem.demand.reduce((sum, demand) => sum + demand, 0);
  const fleet = input.vehicles.reduce((sum, vehicle) => sum + (vehicle.capacity ?? Number.POSITIVE_INFINITY), 0);
  if (totalDemand > fleet) throw new RoutingError(`These stops need ${Math.ceil(totalDemand / problem.capacity)} vehicles; ${input.vehicles.length} given`);
  const oneTrip = input.vehicles.length === 1 && totalDemand <= problem.capacity && !isTimed(problem);
  if (oneTrip) return assignVehicles(problem, input, [tspTour(problem, deadline, random)]);

  let routes = savingsRoutes(problem);
  for (const route of routes) improveRoute(problem, route, deadline);
  routes = relocateBetweenRoutes(problem, routes, deadline);
  routes = ruinAndRecreate(problem, routes, deadline, random);
  for (const route of routes) improveRoute(problem, route, deadline);
  return assignVehicles(problem, input, routes);
}
