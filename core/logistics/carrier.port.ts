import type { ShipmentStatus } from './carrier.entity.ts';

/** A tracking event as a carrier reports it. */
export interface CarrierEvent {
  /** The carrier's id for the event: the same id twice is applied once. */
  id: string;
  trackingNumber: string;
  status: Exclude<ShipmentStatus, 'label_created'>;
  description?: string | undefined;
  occurredAt: Date;
}

/** What a carrier needs to make a label. */
export interface LabelRequest {
  orderNumber: string;
  serviceCode: string;
  weightGrams: number;
  cashOnDeliveryMinor: number | null;
  address: { line1: string; city: string; postalCode?: string | undefined; country: string };
}

/**
 * A carrier's API, as the core needs it. Implemented per carrier (the simulated carrier for the
 * demo and tests); `main.ts` plugs them in by carrier code.
 */
export interface CarrierAdapter {
  /** Books the parcel: a tracking number and the label data. */
  createLabel(request: LabelRequest): Promise<{ trackingNumber: string; label: Record<string, unknown> }>;
  /** Events of a parcel so far (the tracking job drops those it has seen). */
  track(trackingNumber: string): Promise<CarrierEvent[]>;
  /** Asks for another delivery attempt on `date` (YYYY-MM-DD) after a failed one, at `address` when the customer gave a new one. */
  reattempt(trackingNumber: string, date: string, address?: LabelRequest['address']): Promise<void>;
}

/** One tracking update an aggregator pushed, for a parcel it follows for us. */
export interface TrackingUpdate extends CarrierEvent {
  /** The aggregator's code of the courier (`sf-express`), as set on the carrier (`trackingSlug`). */
  carrierSlug: string;
}

/**
 * A tracking aggregator (AfterShip): it follows the parcels of carriers without their own
 * adapter (a manual carrier: staff type the tracking number from the waybill) and pushes signed
 * updates. `main.ts` plugs one in when configured.
 */
export interface TrackingAggregator {
  readonly name: string;
  /** Starts following a parcel. Registering the same number twice is not an error. */
  register(parcel: { trackingNumber: string; carrierSlug: string; orderNumber: string }): Promise<void>;
  /**
   * The updates in one webhook delivery, verified with the aggregator's signing secret. Throws
   * `TrackingSignatureError` when the signature is missing or wrong (nothing is applied then).
   */
  parseWebhook(rawBody: string, signature: string | undefined): TrackingUpdate[];
}

/** A tracking webhook whose signature does not verify. */
export class TrackingSignatureError extends Error {
  override name = 'TrackingSignatureError';
}
