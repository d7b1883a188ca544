import { stateMachine } from '../shared/state-machine.ts';
import { shipmentStatuses } from './carrier.entity.ts';

/**
 * A parcel only moves forward: tracking events may skip a step (a carrier that reports only
 * "delivered") but never go back; delivered and failed are final for the parcel.
 */
export const shipmentLifecycle = stateMachine('Shipment', shipmentStatuses, {
  label_created: ['in_transit', 'out_for_delivery', 'delivered', 'failed'],
  in_transit: ['out_for_delivery', 'delivered', 'failed'],
  out_for_delivery: ['delivered', 'failed'],
  delivered: [],
  failed: [],
});
