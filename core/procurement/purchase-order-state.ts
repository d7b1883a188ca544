import { stateMachine } from '../shared/state-machine.ts';
import { purchaseOrderStatuses } from './purchase-order.entity.ts';

/**
 * A draft is sent to the supplier, then received in one or more receipts (each partial one
 * keeps it `partially_received`); it can be cancelled until the first goods arrive.
 */
export const purchaseOrderLifecycle = stateMachine('Purchase order', purchaseOrderStatuses, {
  draft: ['sent', 'cancelled'],
  sent: ['partially_received', 'received', 'cancelled'],
  partially_received: ['partially_received', 'received'],
  received: [],
  cancelled: [],
});
