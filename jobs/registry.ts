import type { z } from 'zod';
import type { Job } from 'bullmq';

/** Queues of the platform; each runs in its own BullMQ worker so a slow kind cannot starve another. */
export const queueNames = ['notifications', 'events', 'maintenance'] as const;
export type QueueName = (typeof queueNames)[number];

/** How one job name is queued and retried. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  /** The queue the job goes to. */
  queue: QueueName;
  /** Validates the payload when enqueued and again when processed (a bad one is unrecoverable). */
  payload: Schema;
  /** Attempts before the job is failed for good. @default 5 */
  attempts?: number;
  /** First retry delay in milliseconds; doubles each attempt (exponential backoff). @default 1000 */
  backoffMs?: number;
}

export type JobDefinitions = Record<string, JobDefinition>;
export type JobName<D extends JobDefinitions> = Extract<keyof D, string>;
export type JobPayload<D extends JobDefinitions, N extends JobName<D>> = z.output<D[N]['payload']>;

/** The processor of one job name. It must be idempotent: a redelivered job changes nothing twice. */
export type Processor<Payload> = (payload: Payload, job: Job) => Promise<unknown>;

/** Exactly one processor for every job name: the type system and `assertProcessors` both insist. */
export type Processors<D extends JobDefinitions> = { [N in JobName<D>]: Processor<JobPayload<D, N>> };

/** Keeps the literal keys of a definitions object while checking its shape. */
export function defineJobs<const D extends JobDefinitions>(definitions: D): D {
  return definitions;
}

/** Raised at start-up when processors and definitions do not match one to one. */
export class JobRegistryError extends Error {
  override name = 'JobRegistryError';
}

/**
 * Refuses to start when a job name has no processor, or a processor names no job
 * (a typo there would otherwise leave jobs waiting forever).
 */
export function assertProcessors(definitions: JobDefinitions, processors: Record<string, unknown>): void {
  const missing = Object.keys(definitions).filter((name) => typeof processors[name] !== 'function');
  const unknown = Object.keys(processors).filter((name) => !(name in definitions));
  if (missing.length > 0) throw new JobRegistryError(`No processor for job(s): ${missing.join(', ')}`);
  if (unknown.length > 0) throw new JobRegistryError(`Processor(s) for unknown job(s): ${unknown.join(', ')}`);
}

/**
 * Thrown by a processor that cannot go on yet (a rate limit, an earlier message still on its
 * way): the job is put back for `delayMs` without using up an attempt.
 */
export class RetryLater extends Error {
  override name = 'RetryLater';
  readonly delayMs: number;

  constructor(delayMs: number, reason: string) {
    super(reason);
    this.delayMs = delayMs;
  }
}
