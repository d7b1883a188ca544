import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProblem, nearestNeighbourRoutes, planRoutes, routeLength, RoutingError, seededRandom, type PlanInput } from '../../core/logistics/index.ts';

/** TSPLIB berlin52 as a single-vehicle plan: city 1 is the depot. */
function berlin52(): PlanInput {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'berlin52.tsp'), 'utf8');
  const cities = text.split('\n').filter((line) => /^\d+\s/.test(line)).map((line) => line.trim().split(/\s+/).map(Number));
  const [depot, ...rest] = cities;
  return { depot: { x: depot![1]!, y: depot![2]! }, stops: rest.map(([id, x, y]) => ({ id: String(id), location: { x: x!, y: y! } })), vehicles: [{ id: 'van' }] };
}

/** A seeded random capacitated instance: `count` stops on a 1000 × 1000 square, demand 1–10. */
function capacitated(count: number, seed: number): PlanInput {
  const random = seededRandom(seed);
  return {
    depot: { x: 500, y: 500 },
    stops: Array.from({ length: count }, (_, index) => ({ id: `s${index}`, location: { x: random() * 1000, y: random() * 1000 }, demand: 1 + Math.floor(random() * 10) })),
    vehicles: Array.from({ length: 60 }, (_, index) => ({ id: `v${index}`, capacity: 50 })),
  };
}

describe('route planner', () => {
  it('berlin52 as one vehicle: within 3% of the optimum 7542, in under 2 seconds', () => {
    const started = performance.now();
    const plan = planRoutes(berlin52());
    const elapsed = performance.now() - started;
    expect(plan.routes).toHaveLength(1);
    expect(new Set(plan.routes[0]!.stops).size).toBe(51);
    expect(plan.totalDistance).toBeLessThanOrEqual(7542 * 1.03);
    expect(elapsed).toBeLessThan(2000);
  });

  it('a 200-stop capacitated instance beats the nearest-neighbour baseline by at least 10%', () => {
    const input = capacitated(200, 7);
    const problem = buildProblem(input);
    const baseline = nearestNeighbourRoutes(problem).reduce((sum, route) => sum + routeLength(problem, route), 0);
    const plan = planRoutes(input);
    expect(plan.totalDistance).toBeLessThanOrEqual(baseline * 0.9);
    const visited = plan.routes.flatMap((route) => route.stops);
    expect(new Set(visited).size).toBe(200);
    for (const route of plan.routes) {
      const load = route.stops.reduce((sum, id) => sum + input.stops.find((stop) => stop.id === id)!.demand!, 0);
      expect(load).toBeLessThanOrEqual(50);
    }
  });

  it('keeps time windows and uses haversine for latitude/longitude', () => {
    const plan = planRoutes({
      depot: { lat: 31.23, lng: 121.47 },
      stops: [
        { id: 'far', location: { lat: 31.3, lng: 121.5 }, window: [0, 1000] },
        { id: 'near', location: { lat: 31.24, lng: 121.48 }, window: [20, 30] },
      ],
      vehicles: [{ id: 'bike' }],
    });
    // "near" may only be reached between 20 and 30 km of travel: after "far".
    expect(plan.routes[0]!.stops).toEqual(['far', 'near']);
    expect(plan.totalDistance).toBeGreaterThan(15);
  });

  it('refuses impossible plans with a clear reason', () => {
    const base = { depot: { x: 0, y: 0 }, vehicles: [{ id: 'v1', capacity: 5 }] };
    expect(() => planRoutes({ ...base, stops: [{ id: 'a', location: { x: 1, y: 1 }, demand: 6 }] })).toThrow(RoutingError);
    expect(() => planRoutes({ ...base, stops: [{ id: 'a', location: { x: 1, y: 1 }, demand: 4 }, { id: 'b', location: { x: 2, y: 2 }, demand: 4 }] })).toThrow('These stops need 2 vehicles; 1 given');
    expect(() => planRoutes({ ...base, stops: [{ id: 'a', location: { lat: 1, lng: 1 } }] })).toThrow('same coordinates');
    expect(() => planRoutes({ ...base, stops: [{ id: 'a', location: { x: 1, y: 1 } }, { id: 'a', location: { x: 2, y: 2 } }] })).toThrow('appears twice');
  });
});
