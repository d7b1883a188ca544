import { DelayedError, UnrecoverableError, type Job, type Worker } from 'bullmq';
import { openWorker, type JobConnection } from './job-connection.ts';
import { isAppError } from '../core/shared/errors.ts';
import type { Logger } from '../core/shared/logger.ts';
import { assertProcessors, RetryLater, type JobDefinitions, type Processors, type QueueName } from './registry.ts';

/** Options for `startWorkers`. */
export interface WorkerOptions<D extends JobDefinitions> {
  connection: JobConnection;
  /** BullMQ key prefix (Redis); tests use one per test file. */
  prefix: string;
  definitions: D;
  processors: Processors<D>;
  logger: Logger;
  /** Jobs processed in parallel, per queue. @default 8 for each queue */
  concurrency?: Partial<Record<QueueName, number>>;
  /**
   * How long a job's lock lasts without renewal; a worker that died holding it is noticed
   * after this and its job handed to another worker. @default 30000
   */
  lockDurationMs?: number;
}

/**
 * Whether a failure is worth retrying. Bad payloads and business-rule refusals will fail the
 * same way every time, so they are unrecoverable; unavailability and races are retried.
 */
export function toWorkerError(error: unknown): Error {
  if (isAppError(error) && error.kind !== 'unavailable' && error.code !== 'concurrent_update') {
    return new UnrecoverableError(`${error.code}: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Starts one BullMQ worker per queue that has jobs. Throws JobRegistryError before starting
 * anything when a job name has no processor.
 */
export function startWorkers<D extends JobDefinitions>(options: WorkerOptions<D>): Worker[] {
  const { definitions, processors, logger } = options;
  assertProcessors(definitions, processors);
  const queues = new Set<QueueName>(Object.values(definitions).map((definition) => definition.queue));

  const dispatch = async (job: Job, token?: string): Promise<unknown> => {
    const definition = definitions[job.name];
    if (!definition) throw new UnrecoverableError(`Unknown job name ${job.name}`);
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}: ${parsed.error.message}`);
    const processor = processors[job.name as keyof Processors<D>] as (payload: unknown, job: Job) => Promise<unknown>;
    try {
      return await processor(parsed.data, job);
    } catch (error) {
      if (error instanceof RetryLater) {
        await job.moveToDelayed(Date.now() + error.delayMs, token);
        throw new DelayedError(error.message);
      }
      throw toWorkerError(error);
    }
  };

  const lastLogged = new Map<string, number>();
  return [...queues].map((queue) => {
    const worker = openWorker(queue, dispatch, {
      concurrency: options.concurrency?.[queue] ?? 8,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.lockDurationMs ?? 30_000,
    }, options.connection, options.prefix);
    worker.on('failed', (job, error) => {
      logger.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed');
    });
    worker.on('error', (error) => {
      // While Redis (or PostgreSQL) is down every reconnect attempt fails the same way; say so once a minute.
      const now = Date.now();
      if ((lastLogged.get(error.message) ?? 0) > now - 60_000) return;
      lastLogged.set(error.message, now);
      logger.error({ queue, err: error.message }, 'worker error');
    });
    return worker;
  });
}
