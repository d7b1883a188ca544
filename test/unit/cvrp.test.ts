import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVrpFile, planRoutes, RoutingError, seededRandom, VrpFileError, vrpPlanInput, type Stop, type VrpInstance } from '../../core/logistics/index.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cvrp', `${name}.vrp`), 'utf8');

/** Why `parseVrpFile` refuses the text (null: it does not). */
function refusal(text: string): unknown {
  try {
    parseVrpFile(text);
    return null;
  } catch (error) {
    return error instanceof VrpFileError ? error.message : error;
  }
}

/** The plan checked from the instance alone: each customer once, no trip over capacity, the distance recomputed (TSPLIB rounding). */
function check(instance: VrpInstance, routes: string[][]): number {
  const node = (id: number) => instance.nodes.find((each) => each.id === id)!;
  const visits = routes.flat().map(Number);
  expect(visits.toSorted((a, b) => a - b)).toEqual(instance.nodes.filter((each) => each.id !== instance.depot).map((each) => each.id).toSorted((a, b) => a - b));
  let total = 0;
  for (const route of routes) {
    expect(route.reduce((sum, id) => sum + node(Number(id)).demand, 0)).toBeLessThanOrEqual(instance.capacity);
    const path = [instance.depot, ...route.map(Number), instance.depot].map(node);
    for (let index = 1; index < path.length; index += 1) total += Math.round(Math.hypot(path[index]!.x - path[index - 1]!.x, path[index]!.y - path[index - 1]!.y));
  }
  return total;
}

describe('capacitated multi-vehicle planning (issue 24)', () => {
  // Augerat's set A, optimum in each file's comment; the fleet capped at the instance's k.
  for (const [name, vehicles] of [['A-n32-k5', 5], ['A-n45-k6', 6], ['A-n65-k9', 9]] as const) {
    it(`${name}: every customer once, no vehicle over capacity, at most ${vehicles} vehicles, within 8 % of the optimum in 3 s (a busy machine leaves it less CPU; the bench measures the gap)`, () => {
      const instance = parseVrpFile(fixture(name));
      const plan = planRoutes(vrpPlanInput(instance, vehicles), { timeLimitMs: 3000 });
      const distance = check(instance, plan.routes.map((route) => route.stops));
      expect(distance).toBe(plan.totalDistance);
      expect(plan.routes.length).toBeLessThanOrEqual(vehicles);
      expect(distance / instance.optimum!).toBeLessThanOrEqual(1.08);
    });
  }

  it('a generated 200-stop instance is planned within its budget (under 5 s), feasibly', () => {
    const random = seededRandom(24);
    const nodes = Array.from({ length: 201 }, (_, index) => ({ id: index + 1, x: Math.floor(random() * 1000), y: Math.floor(random() * 1000), demand: index === 0 ? 0 : 1 + Math.floor(random() * 20) }));
    const instance: VrpInstance = { name: 'generated-200', capacity: 100, depot: 1, nodes, optimum: null };
    const started = performance.now();
    const plan = planRoutes(vrpPlanInput(instance), { timeLimitMs: 3000 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(check(instance, plan.routes.map((route) => route.stops))).toBe(plan.totalDistance);
  });

  it('a stop with a time window is never reached outside it; a window nobody can reach is reported, not broken', () => {
    const stops: Stop[] = Array.from({ length: 12 }, (_, index) => ({ id: `s${index}`, location: { x: (index % 4) * 10, y: Math.floor(index / 4) * 10 }, demand: 1 }));
    const windowed: Stop[] = stops.map((stop, index) => (index % 3 === 0 ? { ...stop, window: [25, 60] } : stop));
    const plan = planRoutes({ depot: { x: 0, y: 0 }, stops: windowed, vehicles: [{ id: 'a', capacity: 6 }, { id: 'b', capacity: 6 }, { id: 'c', capacity: 6 }] }, { timeLimitMs: 300 });
    const lateArrivals: string[] = [];
    for (const route of plan.routes) {
      let time = 0;
      let at = { x: 0, y: 0 };
      for (const id of route.stops) {
        const stop = windowed.find((each) => each.id === id)!;
        const place = stop.location as { x: number; y: number };
        time += Math.hypot(place.x - at.x, place.y - at.y);
        if (stop.window && time > stop.window[1]) lateArrivals.push(`${id} at ${time}`);
        time = Math.max(time, stop.window?.[0] ?? 0);
        at = place;
      }
    }
    expect(lateArrivals).toEqual([]);
    expect(plan.routes.flatMap((route) => route.stops).toSorted()).toEqual(stops.map((stop) => stop.id).toSorted());
    // 50 away, due by 20: no vehicle can be there in time.
    const late = { id: 'late', location: { x: 30, y: 40 }, window: [0, 20] as [number, number] };
    expect(() => planRoutes({ depot: { x: 0, y: 0 }, stops: [...stops, late], vehicles: [{ id: 'a' }, { id: 'b' }] })).toThrow('Stop late cannot be served: its demand or time window is out of reach');
  });

  it('a bad .vrp file is refused with a clear reason', () => {
    const good = fixture('A-n32-k5');
    expect(refusal(good.replace('2 19 ', '2 190 '))).toBe('Node 2 needs 190, more than a vehicle\'s capacity 100');
    expect(refusal(good.replace(/DEMAND_SECTION[\s\S]*?DEPOT_SECTION/, 'DEPOT_SECTION'))).toBe('DEMAND_SECTION is missing');
    expect(refusal(good.replace(' 3 50 5\n', ' 3 50 -5\n'))).toBe('Node 3 has a negative coordinate (50, -5)');
    expect(refusal(good.replace('CAPACITY : 100\n', ''))).toBe('CAPACITY is missing or not a positive number');
    expect(refusal(good.replace('EUC_2D', 'GEO'))).toBe('EDGE_WEIGHT_TYPE GEO is not supported (only EUC_2D)');
    expect(new VrpFileError('x')).toBeInstanceOf(RoutingError);
  });

  it('working hours: every trip, with the time spent at each stop, is back by the horizon; a stop out of reach in a day is named', () => {
    const random = seededRandom(7);
    const stops: Stop[] = Array.from({ length: 40 }, (_, index) => ({ id: `s${index}`, location: { x: random() * 100 - 50, y: random() * 100 - 50 }, demand: 1, service: 5 }));
    const vehicles = Array.from({ length: 10 }, (_, index) => ({ id: `v${index}`, capacity: 100 }));
    const plan = planRoutes({ depot: { x: 0, y: 0 }, stops, vehicles, horizon: 200 }, { timeLimitMs: 500 });
    const durations = plan.routes.map((route) => route.distance + route.stops.length * 5);
    expect(Math.max(...durations)).toBeLessThanOrEqual(200 + 1e-6);
    expect(plan.routes.length).toBeGreaterThan(1);
    expect(plan.routes.flatMap((route) => route.stops).toSorted()).toEqual(stops.map((stop) => stop.id).toSorted());
    const far = { id: 'far', location: { x: 98, y: 0 }, demand: 1, service: 5 };
    expect(() => planRoutes({ depot: { x: 0, y: 0 }, stops: [...stops, far], vehicles, horizon: 200 })).toThrow('Stop far cannot be served');
  });
});
