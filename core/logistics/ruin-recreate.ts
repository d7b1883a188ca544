import { feasible, isTimed, routeLength, type Problem } from './routing.ts';

/**
 * Ruin and recreate with simulated annealing, after Christiaens and Vanden Berghe's SISR
 * ("Slack Induction by String Removals", Transportation Science 2020): each step removes a few
 * strings of neighbouring stops from nearby routes and inserts the stops again where they cost
 * least (sorted one of four ways, skipping a position now and then), and keeps the result by a
 * cooling acceptance. Routes beyond the fleet cost a penalty, so the search is pushed back to at
 * most `problem.maxRoutes` trips. Deterministic for a seed, bounded by the deadline.
 */
export function ruinAndRecreate(problem: Problem, initial: number[][], deadline: number, random: () => number): number[][] {
  const n = problem.size - 1;
  if (n < 2) return initial;
  const windows = isTimed(problem);
  const neighbours = Array.from({ length: n + 1 }, (_, stop) => Array.from({ length: n }, (_unused, index) => index + 1)
    .filter((other) => other !== stop).sort((a, b) => problem.distance(stop, a) - problem.distance(stop, b)));
  let pairs = 0;
  for (let stop = 1; stop <= n; stop += 1) pairs += problem.distance(0, stop);
  const temperatureStart = (pairs / n) * 0.2;
  const temperatureEnd = temperatureStart / 100;
  const penalty = 4 * Math.max(...Array.from({ length: n }, (_, index) => problem.distance(0, index + 1)));
  const score = (routes: number[][]) => routes.reduce((sum, route) => sum + routeLength(problem, route), 0)
    + penalty * Math.max(0, routes.length - problem.maxRoutes);

  let current = initial.map((route) => [...route]);
  let currentScore = score(current);
  let best = current;
  let bestScore = currentScore;
  const started = Date.now();
  const budget = Math.max(1, deadline - started);
  // A handful of stops is settled long before any deadline: a few thousand steps are plenty.
  const iterations = n <= 15 ? 4000 : Number.POSITIVE_INFINITY;
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    // The clock is read every few steps: a step takes microseconds.
    if ((iteration & 63) === 0 && Date.now() >= deadline) break;
    const candidate = current.map((route) => [...route]);
    const removed = ruin(candidate, neighbours, random);
    recreate(problem, candidate, removed, windows, random);
    const routes = candidate.filter((route) => route.length > 0);
    const candidateScore = score(routes);
    const progress = Math.max((Date.now() - started) / budget, iteration / iterations);
    const temperature = temperatureStart * (temperatureEnd / temperatureStart) ** Math.min(1, progress);
    if (candidateScore < currentScore - temperature * Math.log(random())) {
      current = routes;
      currentScore = candidateScore;
      if (currentScore < bestScore - 1e-9) {
        best = current;
        bestScore = currentScore;
      }
    }
  }
  return best;
}

/** Removes strings of consecutive stops from routes near a random seed stop; returns the stops removed. */
function ruin(routes: number[][], neighbours: number[][], random: () => number): number[] {
  const averageRemoved = 10;
  const maxString = 10;
  const stops = routes.reduce((sum, route) => sum + route.length, 0);
  const stringMax = Math.min(maxString, stops / Math.max(1, routes.length));
  const routesMax = (4 * averageRemoved) / (1 + stringMax) - 1;
  const routesToRuin = Math.floor(random() * routesMax) + 1;
  const routeOf = new Map<number, number>();
  routes.forEach((route, index) => { for (const stop of route) routeOf.set(stop, index); });
  const seed = 1 + Math.floor(random() * stops);
  const ruined = new Set<number>();
  const removed: number[] = [];
  for (const stop of [seed, ...neighbours[seed]!]) {
    if (ruined.size >= routesToRuin) break;
    const index = routeOf.get(stop);
    if (index === undefined || ruined.has(index)) continue;
    const route = routes[index]!;
    const length = Math.min(route.length, Math.floor(random() * Math.max(1, stringMax)) + 1);
    const position = route.indexOf(stop);
    const low = Math.max(0, position - length + 1);
    const high = Math.min(position, route.length - length);
    removed.push(...route.splice(low + Math.floor(random() * (high - low + 1)), length));
    ruined.add(index);
  }
  return removed;
}

/** Inserts each removed stop where it adds least distance (feasibly), in one of four orders, skipping 1 % of positions; a new trip when none fits. */
function recreate(problem: Problem, routes: number[][], removed: number[], windows: boolean, random: () => number): void {
  const order = random();
  if (order < 4 / 11) shuffle(removed, random);
  else if (order < 8 / 11) removed.sort((a, b) => problem.demand[b]! - problem.demand[a]!);
  else if (order < 10 / 11) removed.sort((a, b) => problem.distance(0, b) - problem.distance(0, a));
  else removed.sort((a, b) => problem.distance(0, a) - problem.distance(0, b));
  const loads = routes.map((route) => route.reduce((sum, stop) => sum + problem.demand[stop]!, 0));
  for (const stop of removed) {
    let bestCost = Number.POSITIVE_INFINITY;
    let bestRoute = -1;
    let bestPosition = 0;
    routes.forEach((route, index) => {
      if (loads[index]! + problem.demand[stop]! > problem.capacity) return;
      for (let position = 0; position <= route.length; position += 1) {
        if (random() < 0.01) continue;
        const before = position === 0 ? 0 : route[position - 1]!;
        const after = position === route.length ? 0 : route[position]!;
        const cost = problem.distance(before, stop) + problem.distance(stop, after) - problem.distance(before, after);
        if (cost >= bestCost) continue;
        if (windows && !feasible(problem, [...route.slice(0, position), stop, ...route.slice(position)])) continue;
        [bestCost, bestRoute, bestPosition] = [cost, index, position];
      }
    });
    if (bestRoute === -1) {
      routes.push([stop]);
      loads.push(problem.demand[stop]!);
    } else {
      routes[bestRoute]!.splice(bestPosition, 0, stop);
      loads[bestRoute]! += problem.demand[stop]!;
    }
  }
}

function shuffle(items: number[], random: () => number): void {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
}
