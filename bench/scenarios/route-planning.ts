import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVrpFile, planRoutes, seededRandom, vrpPlanInput, type VrpInstance } from '../../core/logistics/index.ts';
import { announce } from '../progress.ts';
import { figure, type Figure, type Scenario } from '../scenario.ts';

const instances = [['A-n32-k5', 5], ['A-n45-k6', 6], ['A-n65-k9', 9]] as const;

/** 200 stops on a 1000 × 1000 square, demands 1–20, capacity 100 (the same generator as the test). */
function generated(): VrpInstance {
  const random = seededRandom(24);
  const nodes = Array.from({ length: 201 }, (_, index) => ({ id: index + 1, x: Math.floor(random() * 1000), y: Math.floor(random() * 1000), demand: index === 0 ? 0 : 1 + Math.floor(random() * 20) }));
  return { name: 'generated-200', capacity: 100, depot: 1, nodes, optimum: null };
}

/**
 * Route planning (issue 24): Augerat set A instances (CVRPLIB, test/fixtures/cvrp) planned with
 * the fleet capped at their k in 2 s each; the gap is the plan's distance over the proven
 * optimum, minus one. A generated 200-stop instance gives the time the planner takes.
 */
export const routePlanning: Scenario = {
  name: 'route planning',
  async run({ quick }) {
    const seconds = quick ? 1 : 2;
    const figures: Figure[] = [];
    for (const [name, vehicles] of instances) {
      announce(`route planning: ${name}, ${seconds} s`);
      const instance = parseVrpFile(readFileSync(join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'cvrp', `${name}.vrp`), 'utf8'));
      const plan = planRoutes(vrpPlanInput(instance, vehicles), { timeLimitMs: seconds * 1000 });
      figures.push(figure(`cvrp_gap_${name.toLowerCase().replaceAll('-', '_')}`, (plan.totalDistance / instance.optimum! - 1) * 100, '%', 2));
    }
    announce('route planning: 200 generated stops');
    const started = performance.now();
    const plan = planRoutes(vrpPlanInput(generated()), { timeLimitMs: seconds * 1000 });
    figures.push(figure('cvrp_200_stops_seconds', (performance.now() - started) / 1000, 's', 2), figure('cvrp_200_stops_vehicles', plan.routes.length, 'vehicles', 0));
    return { figures, notes: [`CVRP: Augerat set A, fleet capped at k, ${seconds} s each; gap = distance / optimum − 1 (TSPLIB rounded EUC_2D distances)`] };
  },
};
