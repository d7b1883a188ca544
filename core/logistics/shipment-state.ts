import { stateMachine } from '../shared/state-machine.ts';
import { shipmentStatuses } from './carrier.entity.ts';

/**
 * A parcel moves forward: tracking events may skip a step (a carrier that reports only
 * "delivered") but never go back. A failed attempt is tried again (on the way again, or delivered)
 * or ends with the parcel returned to the shop; delivered and returned are final.
 */
export const shipmentLifecycle = stateMachine('Shipment', shipmentStatuses, {
  label_created: ['in_transit', 'out_for_delivery', 'delivered', 'failed'],
  in_transit: ['out_for_delivery', 'delivered', 'failed'],
  out_for_delivery: ['delivered', 'failed'],
  delivered: [],
  failed: ['in_transit', 'out_for_delivery', 'delivered', 'returned'],
  returned: [],
});
