import { stateMachine } from '../shared/state-machine.ts';
import { productionStatuses } from './production.entity.ts';

/**
 * draft → released (components reserved) → in_progress (first report) → done (complete, or
 * closed short with a reason); cancelled only while nothing has been reported.
 */
export const productionLifecycle = stateMachine('Production order', productionStatuses, {
  draft: ['released', 'cancelled'],
  released: ['in_progress', 'cancelled'],
  in_progress: ['done'],
  done: [],
  cancelled: [],
});

/** Statuses in which an MO holds component reservations and will still add output. */
export const openProductionStatuses = ['draft', 'released', 'in_progress'] as const;
