import type { Config } from '../../core/shared/config.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { CarrierAdapter } from '../../core/logistics/index.ts';
import { SimulatedCarrier } from './simulated.carrier.ts';

/** Carrier adapters by carrier code. Real carriers' adapters are added here as they are integrated. */
export function createCarrierAdapters(config: Config, clock: Clock): ReadonlyMap<string, CarrierAdapter> {
  return new Map<string, CarrierAdapter>([['SIM', new SimulatedCarrier(clock, config.SIMULATED_CARRIER_STEP_SECONDS * 1000)]]);
}
