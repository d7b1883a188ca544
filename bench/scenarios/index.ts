import type { Scenario } from '../scenario.ts';
import { chatTurn } from './chat-turn.ts';
import { digest } from './digest.ts';
import { hotSku } from './hot-sku.ts';
import { intakeStatements } from './intake-statements.ts';
import { memory } from './memory.ts';
import { notificationPipeline, notificationPipelineOnPostgres } from './notification-pipeline.ts';
import { orderIntake } from './order-intake.ts';
import { routePlanning } from './route-planning.ts';

/** Every scenario, in the order `npm run bench` runs them. A new scenario is added here. */
export const scenarios: Scenario[] = [orderIntake, intakeStatements, hotSku, chatTurn, notificationPipeline, notificationPipelineOnPostgres, memory, digest, routePlanning];
