import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** What every domain service is built with (by `createCoreServices`). */
export interface ServiceContext {
  /** Owns transactions: public methods run their work through it. */
  uow: UnitOfWork;
  /** Where time comes from (a fixed clock in tests). */
  clock: Clock;
  /** The parsed configuration. */
  config: Config;
}
