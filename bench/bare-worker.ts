import { retention } from '../jobs/queues.ts';
import { openQueue, openWorker, type JobConnection } from '../jobs/job-connection.ts';
import { announce } from './progress.ts';

/** A reference run of BullMQ alone: `jobs` jobs queued up front, drained by one worker. */
export interface BareWorkerPlan {
  /** The store the app's queues use (Redis, or PostgreSQL without Redis). */
  connection: JobConnection;
  /** BullMQ prefix (Redis); the queue is `<prefix>:bare-reference`. */
  prefix: string;
  jobs: number;
  /** Jobs processed side by side. */
  concurrency: number;
}

const queueName = 'bare-reference';

/**
 * What BullMQ does on this store with nothing to do per job: adds the jobs with `addBulk`
 * (same retention as the app's jobs), then times one worker with an empty processor from its
 * start until it has completed them all. Returns jobs per second.
 */
export async function measureBareWorker({ connection, prefix, jobs, concurrency }: BareWorkerPlan): Promise<number> {
  const queue = openQueue(queueName, connection, prefix);
  const worker = openWorker(queueName, async () => undefined, { concurrency, autorun: false }, connection, prefix);
  try {
    await queue.addBulk(Array.from({ length: jobs }, (_, index) => ({ name: 'noop', data: { index }, opts: retention })));
    announce(`bare BullMQ worker: ${jobs} jobs, concurrency ${concurrency}`);
    let completed = 0;
    const drained = new Promise<void>((resolve, reject) => {
      worker.on('completed', () => {
        completed += 1;
        if (completed === jobs) resolve();
      });
      worker.on('failed', (_job, error) => reject(error));
    });
    const started = performance.now();
    void worker.run();
    await drained;
    return jobs / ((performance.now() - started) / 1000);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}
