import { stateMachine } from '../shared/state-machine.ts';
import { transferStatuses } from './transfer.entity.ts';

/** Reserved at the source, then shipped (in transit) and received; cancelled only before shipping. */
export const transferLifecycle = stateMachine('Transfer', transferStatuses, {
  reserved: ['in_transit', 'cancelled'],
  in_transit: ['received'],
  received: [],
  cancelled: [],
});
