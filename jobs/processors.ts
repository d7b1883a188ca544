import type { MikroORM } from '@mikro-orm/postgresql';
import { purgeIdempotencyRecords } from '../core/shared/idempotency.ts';
import type { Logger } from '../core/shared/logger.ts';
import type { Processors } from './registry.ts';
import type { JobDefinitionsOfApp } from './definitions.ts';

/** What processors need from the composition root. */
export interface ProcessorDeps {
  orm: MikroORM;
  logger: Logger;
}

/** One processor per job name (the registry refuses to start otherwise). */
export function createProcessors({ orm, logger }: ProcessorDeps): Processors<JobDefinitionsOfApp> {
  return {
    'maintenance.purge-idempotency-keys': async ({ olderThanHours }) => {
      const purged = await purgeIdempotencyRecords(orm.em.fork(), olderThanHours);
      logger.info({ purged }, 'idempotency records purged');
      return { purged };
    },
  };
}
