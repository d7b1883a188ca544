import type { JobsOptions, Queue } from 'bullmq';
import { openQueue, type JobConnection } from './job-connection.ts';
import { AppError } from '../core/shared/errors.ts';
import { queueNames, type JobDefinition, type JobDefinitions, type JobName, type JobPayload, type QueueName } from './registry.ts';

/**
 * The key prefix of an installation's queues: `BULLMQ_PREFIX` and the database's installation
 * id, so two shops on one Redis (or a database dropped and migrated again) never share queues
 * or job ids, whatever `BULLMQ_PREFIX` says.
 */
export function queuePrefix(bullPrefix: string, installationId: string): string {
  return `${bullPrefix}:${installationId}`;
}

/** Failed jobs are kept for inspection in Bull Board; completed ones only briefly. */
export const retention = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;

/** Typed producer side of the registry: one BullMQ Queue per queue name. */
export class JobQueues<D extends JobDefinitions> {
  readonly queues: ReadonlyMap<QueueName, Queue>;
  /** The key prefix of these queues (`queuePrefix`; on PostgreSQL it names the limiter's keys only). */
  readonly prefix: string;
  private readonly definitions: D;

  /**
   * @param onError receives connection errors (Redis or PostgreSQL down); the connection already
   *   logs the outage once, so the default ignores them instead of printing a stack per reconnect.
   */
  constructor(connection: JobConnection, prefix: string, definitions: D, onError: (error: Error) => void = () => undefined) {
    this.definitions = definitions;
    this.prefix = prefix;
    this.queues = new Map(queueNames.map((name) => {
      const queue = openQueue(name, connection, prefix);
      queue.on('error', onError);
      return [name, queue];
    }));
  }

  /**
   * Validates the payload and enqueues it. Pass `jobId` to make enqueueing idempotent
   * (BullMQ ignores a second job with an id it already holds).
   */
  async enqueue<N extends JobName<D>>(name: N, payload: JobPayload<D, N>, options: JobsOptions = {}): Promise<string | undefined> {
    const definition = this.definitions[name]!;
    const job = await this.queues.get(definition.queue)!.add(name, this.checked(name, payload), { ...this.jobOptions(definition), ...options });
    return job.id;
  }

  /**
   * Validates and enqueues many jobs of one name in one round trip (each optionally delayed).
   * Each item's `jobId` makes it idempotent, so enqueueing the same batch twice adds nothing
   * the second time.
   */
  async enqueueBulk<N extends JobName<D>>(name: N, items: Array<{ payload: JobPayload<D, N>; jobId: string; delay?: number }>): Promise<void> {
    if (items.length === 0) return;
    const definition = this.definitions[name]!;
    const jobs = items.map(({ payload, jobId, delay }) => ({ name, data: this.checked(name, payload), opts: { ...this.jobOptions(definition), jobId, ...(delay && { delay }) } }));
    await this.queues.get(definition.queue)!.addBulk(jobs);
  }

  /** The payload as its schema parses it; a mismatch is `invalid_input` (nothing is enqueued). */
  private checked<N extends JobName<D>>(name: N, payload: JobPayload<D, N>): unknown {
    const parsed = this.definitions[name]!.payload.safeParse(payload);
    if (!parsed.success) throw new AppError('invalid_input', `Invalid payload for job ${name}`, { issues: parsed.error.issues });
    return parsed.data;
  }

  private jobOptions(definition: JobDefinition): JobsOptions {
    return {
      attempts: definition.attempts ?? 5,
      backoff: { type: 'exponential', delay: definition.backoffMs ?? 1000 },
      ...retention,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
