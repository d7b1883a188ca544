import { feasible, isTimed, routeLength, RoutingError, type Problem } from './routing.ts';

const epsilon = 1e-9;

const hasWindows = isTimed;

/**
 * The baseline: each vehicle goes to the nearest stop it can still serve (capacity, window)
 * until none is left, then back to the depot, and the next trip starts.
 */
export function nearestNeighbourRoutes(problem: Problem, startWith?: number): number[][] {
  const unvisited = new Set(Array.from({ length: problem.size - 1 }, (_, index) => index + 1));
  const routes: number[][] = [];
  while (unvisited.size > 0) {
    const route: number[] = [];
    if (startWith !== undefined && unvisited.has(startWith)) {
      route.push(startWith);
      unvisited.delete(startWith);
    }
    for (;;) {
      const last = route.at(-1) ?? 0;
      let best = -1;
      for (const candidate of unvisited) {
        if ((best === -1 || problem.distance(last, candidate) < problem.distance(last, best)) && feasible(problem, [...route, candidate])) best = candidate;
      }
      if (best === -1) break;
      route.push(best);
      unvisited.delete(best);
    }
    if (route.length === 0) throw new RoutingError(`Stop ${[...unvisited][0]} cannot be served: its demand or time window is out of reach`);
    routes.push(route);
  }
  return routes;
}

/**
 * Clarke–Wright savings: start with one trip per stop and merge the two trips whose joining
 * saves most distance, while capacity and windows allow.
 */
export function savingsRoutes(problem: Problem): number[][] {
  const n = problem.size - 1;
  for (let stop = 1; stop <= n; stop += 1) {
    if (!feasible(problem, [stop])) throw new RoutingError(`Stop ${stop} cannot be served: its demand or time window is out of reach`);
  }
  const routeOf = new Map<number, number[]>();
  for (let stop = 1; stop <= n; stop += 1) routeOf.set(stop, [stop]);
  const savings: Array<[number, number, number]> = [];
  for (let i = 1; i <= n; i += 1) for (let j = i + 1; j <= n; j += 1) {
    savings.push([problem.distance(0, i) + problem.distance(0, j) - problem.distance(i, j), i, j]);
  }
  savings.sort((a, b) => b[0] - a[0]);
  const reversible = !hasWindows(problem);
  for (const [saving, i, j] of savings) {
    if (saving <= 0) break;
    const a = routeOf.get(i)!;
    const b = routeOf.get(j)!;
    if (a === b) continue;
    const candidates: number[][] = [];
    if (a.at(-1) === i && b[0] === j) candidates.push([...a, ...b]);
    if (b.at(-1) === j && a[0] === i) candidates.push([...b, ...a]);
    if (reversible) {
      if (a.at(-1) === i && b.at(-1) === j) candidates.push([...a, ...b.toReversed()]);
      if (a[0] === i && b[0] === j) candidates.push([...a.toReversed(), ...b]);
    }
    const merged = candidates.find((route) => feasible(problem, route));
    if (!merged) continue;
    for (const stop of merged) routeOf.set(stop, merged);
  }
  return [...new Set(routeOf.values())];
}

/** 2-opt: reverse a stretch of the route when that shortens it (and keeps it feasible). */
function twoOptPass(problem: Problem, route: number[]): boolean {
  const windows = hasWindows(problem);
  const node = (index: number) => (index < 0 || index >= route.length ? 0 : route[index]!);
  for (let i = 0; i < route.length - 1; i += 1) {
    for (let j = i + 1; j < route.length; j += 1) {
      const delta = problem.distance(node(i - 1), node(j)) + problem.distance(node(i), node(j + 1))
        - problem.distance(node(i - 1), node(i)) - problem.distance(node(j), node(j + 1));
      if (delta >= -epsilon) continue;
      const candidate = [...route.slice(0, i), ...route.slice(i, j + 1).toReversed(), ...route.slice(j + 1)];
      if (windows && !feasible(problem, candidate)) continue;
      route.splice(0, route.length, ...candidate);
      return true;
    }
  }
  return false;
}

/** Or-opt: move a run of 1–3 stops elsewhere in the route when that shortens it. */
function orOptPass(problem: Problem, route: number[]): boolean {
  const windows = hasWindows(problem);
  const before = routeLength(problem, route);
  for (let length = 1; length <= 3; length += 1) {
    for (let start = 0; start + length <= route.length; start += 1) {
      const segment = route.slice(start, start + length);
      const rest = [...route.slice(0, start), ...route.slice(start + length)];
      for (let position = 0; position <= rest.length; position += 1) {
        if (position === start) continue;
        for (const piece of length > 1 ? [segment, segment.toReversed()] : [segment]) {
          const candidate = [...rest.slice(0, position), ...piece, ...rest.slice(position)];
          if (routeLength(problem, candidate) < before - epsilon && (!windows || feasible(problem, candidate))) {
            route.splice(0, route.length, ...candidate);
            return true;
          }
        }
      }
    }
  }
  return false;
}

/** Local search on one route until neither 2-opt nor or-opt improves it. */
export function improveRoute(problem: Problem, route: number[], deadline = Number.POSITIVE_INFINITY): void {
  while (Date.now() < deadline && (twoOptPass(problem, route) || orOptPass(problem, route))) { /* keep improving */ }
}

/** Moves single stops between routes while that shortens the total and keeps both feasible. */
export function relocateBetweenRoutes(problem: Problem, routes: number[][], deadline = Number.POSITIVE_INFINITY): number[][] {
  let improved = true;
  while (improved && Date.now() < deadline) {
    improved = false;
    for (const from of routes) {
      for (let index = 0; index < from.length && !improved; index += 1) {
        const stop = from[index]!;
        const shorter = from.filter((_, position) => position !== index);
        const saved = routeLength(problem, from) - (shorter.length > 0 ? routeLength(problem, shorter) : 0);
        for (const to of routes) {
          if (to === from || improved) continue;
          for (let position = 0; position <= to.length; position += 1) {
            const longer = [...to.slice(0, position), stop, ...to.slice(position)];
            if (routeLength(problem, longer) - routeLength(problem, to) < saved - epsilon && feasible(problem, longer)) {
              from.splice(0, from.length, ...shorter);
              to.splice(0, to.length, ...longer);
              improved = true;
              break;
            }
          }
        }
      }
    }
  }
  return routes.filter((route) => route.length > 0);
}

/** Double bridge: cuts the tour in four and reconnects it differently (a kick out of a local optimum). */
function doubleBridge(route: number[], random: () => number): number[] {
  const n = route.length;
  const cuts = [1, 2, 3].map(() => 1 + Math.floor(random() * (n - 1))).sort((a, b) => a - b);
  const [a, b, c] = cuts as [number, number, number];
  return [...route.slice(0, a), ...route.slice(c), ...route.slice(b, c), ...route.slice(a, b)];
}

/**
 * One vehicle, no limits: a travelling salesman tour. Nearest-neighbour starts from several
 * stops, each improved by 2-opt and or-opt; then iterated local search (double-bridge kicks)
 * on the best tour until the deadline.
 */
export function tspTour(problem: Problem, deadline: number, random: () => number): number[] {
  const n = problem.size - 1;
  let best: number[] = [];
  let bestLength = Number.POSITIVE_INFINITY;
  const starts = Array.from({ length: n }, (_, index) => index + 1);
  for (const start of starts.slice(0, Math.min(n, 20))) {
    if (Date.now() >= deadline && best.length > 0) break;
    const [route] = nearestNeighbourRoutes(problem, start);
    improveRoute(problem, route!, deadline);
    const length = routeLength(problem, route!);
    if (length < bestLength) [best, bestLength] = [route!, length];
  }
  while (Date.now() < deadline && best.length >= 8) {
    const candidate = doubleBridge(best, random);
    improveRoute(problem, candidate, deadline);
    const length = routeLength(problem, candidate);
    if (length < bestLength - epsilon) [best, bestLength] = [candidate, length];
  }
  return best;
}
