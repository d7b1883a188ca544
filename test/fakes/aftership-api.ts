import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { RecordingServer, type FakeReply, type RecordedCall } from './recording-server.ts';

/** AfterShip delivery tags. */
export type FakeAfterShipTag = 'Pending' | 'InfoReceived' | 'InTransit' | 'OutForDelivery' | 'AttemptFail' | 'Delivered' | 'AvailableForPickup' | 'Exception' | 'Expired';

export interface FakeCheckpoint {
  checkpoint_time: string; created_at: string; slug: string; tag: FakeAfterShipTag; subtag: string; subtag_message: string;
  message: string; location: string | null; city: string | null; country_region: string | null; raw_tag: string | null;
}

/** The tracking fields the fake keeps (a subset of AfterShip's). */
export interface FakeTracking {
  id: string; tracking_number: string; slug: string; order_id: string | null; title: string; active: boolean; source: 'api';
  tag: FakeAfterShipTag; subtag: string; subtag_message: string; checkpoints: FakeCheckpoint[]; created_at: string; updated_at: string;
}

const API = '/tracking/2026-07';

/**
 * Fake AfterShip Tracking API (2026-07) for the official `@aftership/tracking-sdk`: creating
 * trackings, with AfterShip's `{ meta, data }` envelope and error codes. Webhooks come from `update()`.
 */
export class FakeAfterShipApi extends RecordingServer {
  readonly apiKey = 'asat_fake_0123456789';
  readonly webhookSecret = 'whsec_fake_aftership_0123456789';
  private readonly byKey = new Map<string, FakeTracking>();

  constructor() {
    super((path, verb) => (path.startsWith('/tracking/') ? (verb === 'POST' && path === `${API}/trackings` ? 'trackings.create' : 'unknown') : undefined), (call) => this.reply(call));
  }

  /** The trackings registered so far. */
  trackings(): FakeTracking[] {
    return [...this.byKey.values()].map((tracking) => structuredClone(tracking));
  }

  /**
   * The carrier reports a new state: a checkpoint is added and the tracking takes its tag.
   * Returns the `tracking_update` webhook AfterShip would send, with its `aftership-hmac-sha256` value.
   */
  update(trackingNumber: string, tag: FakeAfterShipTag, message?: string): { body: string; signature: string } {
    const tracking = [...this.byKey.values()].find((t) => t.tracking_number === trackingNumber);
    if (!tracking) throw new Error(`fake AfterShip: no tracking ${trackingNumber}`);
    const time = isoSeconds(new Date());
    const subtagMessage = tag.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');
    const firstOfTag = !tracking.checkpoints.some((checkpoint) => checkpoint.tag === tag);
    tracking.checkpoints.push({
      checkpoint_time: time, created_at: time, slug: tracking.slug, tag, subtag: `${tag}_001`, subtag_message: subtagMessage,
      message: message ?? subtagMessage, location: 'Hong Kong', city: 'Hong Kong', country_region: 'HKG', raw_tag: null,
    });
    Object.assign(tracking, { tag, subtag: `${tag}_001`, subtag_message: subtagMessage, updated_at: time });
    const body = JSON.stringify({ event: 'tracking_update', event_id: randomUUID(), is_tracking_first_tag: firstOfTag, msg: tracking, ts: Math.floor(Date.now() / 1000) });
    return { body, signature: this.sign(body) };
  }

  /** The `aftership-hmac-sha256` header value: base64 HMAC-SHA256 of the raw body. */
  sign(body: string): string {
    return createHmac('sha256', this.webhookSecret).update(body, 'utf8').digest('base64');
  }

  private reply(call: RecordedCall): FakeReply {
    if (call.headers['as-api-key'] !== this.apiKey) return error(401, 401, 'Unauthorized', 'The API Key is invalid.');
    if (call.method !== 'trackings.create') return error(404, 404, 'NotFound', 'The URI requested is invalid or the resource requested does not exist.');
    const p = call.params as { tracking_number?: unknown; slug?: unknown; order_id?: unknown };
    if (typeof p.tracking_number !== 'string' || !p.tracking_number) return error(400, 4007, 'BadRequest', 'tracking_number is required.');
    // The fake does not detect couriers: a slug is needed.
    if (typeof p.slug !== 'string' || !p.slug) return error(400, 4012, 'BadRequest', "Unable to import shipment as we don't recognize the carrier from this tracking number.");
    const key = `${p.slug}\n${p.tracking_number}`;
    if (this.byKey.has(key)) return error(400, 4003, 'BadRequest', 'Tracking already exists.');
    const now = isoSeconds(new Date());
    const tracking: FakeTracking = {
      id: randomBytes(12).toString('hex'), tracking_number: p.tracking_number, slug: p.slug, order_id: typeof p.order_id === 'string' ? p.order_id : null,
      title: p.tracking_number, active: true, source: 'api', tag: 'Pending', subtag: 'Pending_001', subtag_message: 'Pending',
      checkpoints: [], created_at: now, updated_at: now,
    };
    this.byKey.set(key, tracking);
    return { status: 201, body: { meta: { code: 201 }, data: tracking } };
  }
}

/** AfterShip's time format: ISO 8601 with seconds and an offset. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** AfterShip's error envelope: the SDK reads `meta.code` and `meta.message`. */
function error(status: number, code: number, type: string, message: string): FakeReply {
  return { status, body: { meta: { code, message, type }, data: {} } };
}
