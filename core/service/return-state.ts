import { stateMachine } from '../shared/state-machine.ts';
import { returnStatuses } from './return.entity.ts';

/** Staff approve or reject a requested return (first decision wins); approved goods are received back. */
export const returnLifecycle = stateMachine('Return', returnStatuses, {
  requested: ['approved', 'rejected'],
  approved: ['received'],
  rejected: [],
  received: [],
});
