import { createHmac, timingSafeEqual } from 'node:crypto';
import { AfterShip, AfterShipErrorCodes, AftershipError } from '@aftership/tracking-sdk';
import { TrackingSignatureError, type CarrierEvent, type TrackingAggregator, type TrackingUpdate } from '../../core/logistics/index.ts';

/** The parts of an AfterShip `tracking_update` webhook body we read. */
interface AfterShipWebhook {
  event?: string;
  event_id?: string;
  ts?: number;
  msg?: {
    id?: string;
    tracking_number?: string;
    slug?: string;
    tag?: string;
    subtag_message?: string | null;
    checkpoints?: Array<{ checkpoint_time?: string | null; message?: string | null }> | null;
  };
}

/** AfterShip delivery tags → our status; `Pending` and unknown tags are not reported. */
const STATUS_BY_TAG: Record<string, CarrierEvent['status']> = {
  InfoReceived: 'in_transit',
  InTransit: 'in_transit',
  AvailableForPickup: 'in_transit',
  OutForDelivery: 'out_for_delivery',
  Delivered: 'delivered',
  AttemptFail: 'failed',
  Exception: 'failed',
  Expired: 'failed',
};

/** The webhook header AfterShip Tracking signs with: base64 HMAC-SHA256 of the raw body. */
export const afterShipSignatureHeader = 'aftership-hmac-sha256';

/**
 * AfterShip Tracking (API 2026-07, official SDK): registers parcels of carriers without an adapter
 * and reads AfterShip's signed `tracking_update` webhooks.
 */
export class AfterShipTracking implements TrackingAggregator {
  readonly name = 'aftership';
  private readonly client: AfterShip;
  private readonly webhookSecret: string;

  /** @param apiUrl the API base URL (default https://api.aftership.com), e.g. a fake's */
  constructor(apiKey: string, webhookSecret: string, apiUrl?: string) {
    // One quick retry on 5xx/timeouts: the caller's job retries beyond that.
    this.client = new AfterShip({ api_key: apiKey, domain: apiUrl?.replace(/\/+$/, ''), max_retry: 1, timeout: 10_000 });
    this.webhookSecret = webhookSecret;
  }

  async register(parcel: { trackingNumber: string; carrierSlug: string; orderNumber: string }): Promise<void> {
    try {
      await this.client.tracking.createTracking({ tracking_number: parcel.trackingNumber, slug: parcel.carrierSlug, order_id: parcel.orderNumber });
    } catch (error) {
      // Meta code 4003: AfterShip already follows this parcel.
      if (error instanceof AftershipError && error.code === AfterShipErrorCodes.TRACKING_ALREADY_EXIST) return;
      throw error;
    }
  }

  parseWebhook(rawBody: string, signature: string | undefined): TrackingUpdate[] {
    const expected = Buffer.from(createHmac('sha256', this.webhookSecret).update(rawBody, 'utf8').digest('base64'));
    const given = Buffer.from(signature?.trim() ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TrackingSignatureError('AfterShip webhook signature does not verify');
    const payload = JSON.parse(rawBody) as AfterShipWebhook;
    const msg = payload.msg;
    const status = STATUS_BY_TAG[msg?.tag ?? ''];
    if (payload.event !== 'tracking_update' || !msg?.tracking_number || !msg.slug || !status) return [];
    const latest = msg.checkpoints?.at(-1);
    const checkpointTime = latest?.checkpoint_time ? new Date(latest.checkpoint_time) : undefined;
    const occurredAt = checkpointTime && !Number.isNaN(checkpointTime.getTime()) ? checkpointTime : new Date((payload.ts ?? Date.now() / 1000) * 1000);
    const description = (msg.subtag_message || latest?.message || '').slice(0, 500) || undefined;
    return [{
      id: payload.event_id || `${msg.id}:${msg.tag}:${latest?.checkpoint_time ?? ''}`,
      trackingNumber: msg.tracking_number,
      carrierSlug: msg.slug,
      status,
      description,
      occurredAt,
    }];
  }
}

/** The AfterShip aggregator when its API key and webhook secret are both configured, else null. */
export function createTrackingAggregator(config: { AFTERSHIP_API_KEY?: string; AFTERSHIP_WEBHOOK_SECRET?: string; AFTERSHIP_API_URL?: string }): TrackingAggregator | null {
  if (!config.AFTERSHIP_API_KEY || !config.AFTERSHIP_WEBHOOK_SECRET) return null;
  return new AfterShipTracking(config.AFTERSHIP_API_KEY, config.AFTERSHIP_WEBHOOK_SECRET, config.AFTERSHIP_API_URL);
}
