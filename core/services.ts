import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './shared/config.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { createOrderService, defaultOrderPolicy, type OrderPolicy, type OrderService } from './orders/index.ts';

/** The domain services every front end and job uses, built once per process. */
export interface CoreServices {
  orm: MikroORM;
  clock: Clock;
  orders: OrderService;
  /** The order rules in force (approval threshold from the configuration). */
  policy: OrderPolicy;
}

export function createCoreServices(orm: MikroORM, config: Config, clock: Clock = systemClock): CoreServices {
  const policy: OrderPolicy = { ...defaultOrderPolicy, approvalThresholdMinor: config.APPROVAL_THRESHOLD_MINOR };
  const orders = createOrderService(orm, { policy, timeZone: config.REPORT_TIMEZONE, clock });
  return { orm, clock, orders, policy };
}
