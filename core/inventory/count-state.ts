import { stateMachine } from '../shared/state-machine.ts';
import { countStatuses } from './count.entity.ts';

/** A count is open while people count; approval posts the variances; cancelling posts nothing. */
export const countLifecycle = stateMachine('Count', countStatuses, {
  open: ['approved', 'cancelled'],
  approved: [],
  cancelled: [],
});
