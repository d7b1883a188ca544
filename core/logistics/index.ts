export { distanceBetween, buildProblem, routeLength, feasible, RoutingError, type Location, type Stop, type Vehicle, type PlanInput, type Plan, type Problem } from './routing.ts';
export { nearestNeighbourRoutes, savingsRoutes, improveRoute, seededRandom } from './route-search.ts';
export { planRoutes, type PlanOptions } from './route-planner.ts';
export { parsePlanFile, planFileSchema } from './plan-file.ts';
