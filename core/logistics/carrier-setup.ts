import type { EntityManager } from '@mikro-orm/postgresql';
import { Carrier, CarrierService } from './carrier.entity.ts';

/** A carrier with its services, as configured by an admin (API or seed). */
export interface CarrierSetup {
  code: string;
  name: string;
  nameZh?: string | undefined;
  onTimeRate?: number | undefined;
  webhookSecret?: string | undefined;
  /** The tracking aggregator's code of the courier, for carriers without their own adapter. */
  trackingSlug?: string | undefined;
  /** The shop's own vans and drivers: parcels are booked in-house and delivered on planned routes. */
  ownFleet?: boolean | undefined;
  services: Array<{
    code: string; name: string; nameZh?: string | undefined; transitDays: number; cutoffHour?: number | undefined;
    supportsCod?: boolean | undefined; codFeeMinor?: number | undefined; currency?: string | undefined;
    regions: string[]; weightBands: Array<{ maxGrams: number; priceMinor: number }>;
  }>;
}

/** Creates or replaces a carrier and its services (services not listed are switched off). */
export async function saveCarrier(tx: EntityManager, setup: CarrierSetup): Promise<Carrier> {
  const carrier = (await tx.findOne(Carrier, { code: setup.code })) ?? tx.create(Carrier, { code: setup.code, name: setup.name });
  tx.assign(carrier, { name: setup.name, nameZh: setup.nameZh ?? null, onTimeRate: setup.onTimeRate ?? carrier.onTimeRate ?? 0.95, webhookSecret: setup.webhookSecret ?? carrier.webhookSecret ?? null, trackingSlug: setup.trackingSlug ?? carrier.trackingSlug ?? null, ownFleet: setup.ownFleet ?? carrier.ownFleet ?? false, active: true });
  const existing = await tx.find(CarrierService, { carrier });
  for (const service of existing) service.active = setup.services.some((each) => each.code === service.code);
  for (const service of setup.services) {
    const row = existing.find((each) => each.code === service.code) ?? tx.create(CarrierService, { carrier, code: service.code, name: service.name, transitDays: service.transitDays, regions: service.regions, weightBands: service.weightBands });
    tx.assign(row, {
      name: service.name, nameZh: service.nameZh ?? null, transitDays: service.transitDays, cutoffHour: service.cutoffHour ?? 17,
      supportsCod: service.supportsCod ?? false, codFeeMinor: service.codFeeMinor ?? 0, currency: service.currency ?? 'CNY',
      regions: service.regions, weightBands: service.weightBands, active: true,
    });
  }
  await tx.flush();
  return carrier;
}
