import { z } from 'zod';
import { defineJobs } from './registry.ts';

/**
 * Every job of the platform: its queue, payload schema and retry policy.
 * A name here without a processor in `jobs/processors.ts` stops the worker at start-up.
 */
export const jobDefinitions = defineJobs({
  'maintenance.purge-idempotency-keys': {
    queue: 'maintenance',
    payload: z.object({ olderThanHours: z.number().int().positive().default(24) }),
    attempts: 3,
  },
});

export type JobDefinitionsOfApp = typeof jobDefinitions;
