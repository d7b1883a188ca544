import type { Scenario } from '../scenario.ts';
import { hotSku } from './hot-sku.ts';
import { orderIntake } from './order-intake.ts';

/** Every scenario, in the order `npm run bench` runs them. A new scenario is added here. */
export const scenarios: Scenario[] = [orderIntake, hotSku];
