import { randomBytes } from 'node:crypto';
import type { CarrierAdapter } from './carrier.port.ts';

/**
 * The own fleet as a carrier: its parcels are booked in-house (a tracking number of ours, no
 * outside label), followed by what the drivers record at each stop rather than by polling,
 * and a failed parcel is simply planned again on a later day's route.
 */
export const ownFleetLabels: CarrierAdapter = {
  createLabel: (request) => Promise.resolve({
    trackingNumber: `OF${randomBytes(5).toString('hex').toUpperCase()}`,
    label: { ownFleet: true, orderNumber: request.orderNumber, weightGrams: request.weightGrams, cashOnDeliveryMinor: request.cashOnDeliveryMinor },
  }),
  track: () => Promise.resolve([]),
  reattempt: () => Promise.resolve(),
};
