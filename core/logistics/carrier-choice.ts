import { localDateAndHour, shiftDate } from '../shared/calendar.ts';
import { reaches } from '../shared/places.ts';

/** One carrier service as the choice policy sees it. */
export interface ServiceOption {
  serviceId: number;
  carrierCode: string;
  carrierName: string;
  carrierNameZh: string | null;
  serviceName: string;
  serviceNameZh: string | null;
  transitDays: number;
  cutoffHour: number;
  supportsCod: boolean;
  codFeeMinor: number;
  regions: string[];
  weightBands: Array<{ maxGrams: number; priceMinor: number }>;
  onTimeRate: number;
}

/** What the parcel needs. */
export interface ShipmentNeeds {
  weightGrams: number;
  city: string;
  region?: string | undefined;
  cashOnDelivery: boolean;
  /** Date (YYYY-MM-DD, business time zone) the order was promised for; null when none. */
  promisedBy: string | null;
  now: Date;
  timeZone: string;
}

export interface CarrierChoice {
  option: ServiceOption;
  priceMinor: number;
  /** Estimated delivery date, YYYY-MM-DD in the business time zone. */
  deliveryBy: string;
  meetsPromise: boolean;
  reason: string;
  reasonZh: string;
}

/** When the service would deliver: handed over today (tomorrow after the cut-off), plus transit days. */
export function estimatedDelivery(option: ServiceOption, now: Date, timeZone: string): string {
  const local = localDateAndHour(now, timeZone);
  return shiftDate(local.date, option.transitDays + (local.hour >= option.cutoffHour ? 1 : 0));
}

function price(option: ServiceOption, needs: ShipmentNeeds): number | null {
  const band = [...option.weightBands].sort((a, b) => a.maxGrams - b.maxGrams).find((each) => each.maxGrams >= needs.weightGrams);
  if (!band) return null;
  return band.priceMinor + (needs.cashOnDelivery ? option.codFeeMinor : 0);
}

function serves(option: ServiceOption, needs: ShipmentNeeds): boolean {
  return reaches(option.regions, needs);
}

/**
 * The pure carrier choice: among services that reach the city, carry the weight and (when
 * needed) collect cash on delivery, the cheapest that delivers by the promised date, where
 * cheap is price divided by the carrier's on-time rate. Ties go to the more punctual carrier,
 * then the faster service, then the carrier code. When none keeps the promise, the earliest
 * delivery wins. Null when no service can take the parcel at all.
 */
export function chooseCarrier(options: readonly ServiceOption[], needs: ShipmentNeeds): CarrierChoice | null {
  const candidates = options.flatMap((option) => {
    const cost = price(option, needs);
    if (cost === null || !serves(option, needs) || (needs.cashOnDelivery && !option.supportsCod)) return [];
    const deliveryBy = estimatedDelivery(option, needs.now, needs.timeZone);
    return [{ option, priceMinor: cost, deliveryBy, meetsPromise: needs.promisedBy === null || deliveryBy <= needs.promisedBy, score: cost / Math.max(0.01, option.onTimeRate) }];
  });
  if (candidates.length === 0) return null;
  const keeping = candidates.filter((candidate) => candidate.meetsPromise);
  const byCost = (a: (typeof candidates)[number], b: (typeof candidates)[number]) =>
    a.score - b.score || b.option.onTimeRate - a.option.onTimeRate || a.option.transitDays - b.option.transitDays || a.option.carrierCode.localeCompare(b.option.carrierCode);
  const best = keeping.length > 0 ? keeping.sort(byCost)[0]! : candidates.sort((a, b) => a.deliveryBy.localeCompare(b.deliveryBy) || byCost(a, b))[0]!;
  const kg = (needs.weightGrams / 1000).toFixed(1);
  const cod = needs.cashOnDelivery ? ', cash on delivery' : '';
  const codZh = needs.cashOnDelivery ? '，货到付款' : '';
  const reason = keeping.length > 0
    ? `${best.option.carrierName} ${best.option.serviceName}: cheapest meeting delivery by ${needs.promisedBy ?? best.deliveryBy} for ${kg} kg to ${needs.city}${cod}`
    : `${best.option.carrierName} ${best.option.serviceName}: no service meets ${needs.promisedBy}; earliest delivery ${best.deliveryBy} for ${kg} kg to ${needs.city}${cod}`;
  const name = `${best.option.carrierNameZh ?? best.option.carrierName} ${best.option.serviceNameZh ?? best.option.serviceName}`;
  const reasonZh = keeping.length > 0
    ? `${name}：满足 ${needs.promisedBy ?? best.deliveryBy} 前送达的最便宜选项（${kg} 千克，送往${needs.city}${codZh}）`
    : `${name}：没有服务能在 ${needs.promisedBy} 前送达，最早 ${best.deliveryBy} 送达（${kg} 千克，送往${needs.city}${codZh}）`;
  return { option: best.option, priceMinor: best.priceMinor, deliveryBy: best.deliveryBy, meetsPromise: best.meetsPromise, reason, reasonZh };
}
