import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QueueEvents, type Job } from 'bullmq';
import { AppError } from '../../core/shared/errors.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { defineJobs, JobRegistryError } from '../../jobs/registry.ts';
import { JobQueues } from '../../jobs/queues.ts';
import { startWorkers } from '../../jobs/worker.ts';
import { createRedis } from '../../jobs/redis.ts';
import { jobDefinitions } from '../../jobs/definitions.ts';
import { redisSlots, SendRateLimiter } from '../../jobs/rate-limiter.ts';
import { createProcessors } from '../../jobs/processors.ts';
import { closeAfterAll, testContext } from '../support/context.ts';
import { testConfig, testOrm } from '../support/app.ts';
import { createCoreServices } from '../../core/services.ts';

const logger = createLogger('silent');

const definitions = defineJobs({
  'test.echo': { queue: 'maintenance', payload: z.object({ text: z.string() }), attempts: 3, backoffMs: 10 },
  'test.refuse': { queue: 'maintenance', payload: z.object({}), attempts: 5, backoffMs: 10 },
});

function redis() {
  const connection = createRedis(testContext.redisUrl, logger, 'test');
  closeAfterAll(async () => connection.disconnect());
  return connection;
}

async function finished(job: Job | undefined, events: QueueEvents): Promise<unknown> {
  return job!.waitUntilFinished(events, 10_000);
}

describe('job registry', () => {
  it('refuses to start when a job name has no processor', () => {
    const processors = { 'test.echo': async () => 'ok' } as never;
    let error: unknown;
    try {
      startWorkers({ connection: redis(), prefix: testContext.bullPrefix, definitions, logger, processors });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JobRegistryError);
    expect((error as Error).message).toBe('No processor for job(s): test.refuse');
  });

  it('refuses a processor for a job that does not exist', () => {
    expect(() => startWorkers({
      connection: redis(), prefix: testContext.bullPrefix, definitions, logger,
      processors: { 'test.echo': async () => 'ok', 'test.refuse': async () => 'ok', 'test.typo': async () => 'ok' } as never,
    })).toThrow(/unknown job\(s\): test\.typo/);
  });

  it('the application registry has a processor for every job', async () => {
    const connection = redis();
    const processors = createProcessors({
      core: createCoreServices(await testOrm(2), testConfig()), logger, notifiers: {},
      queues: new JobQueues(connection, testContext.bullPrefix, jobDefinitions),
      limiter: new SendRateLimiter(redisSlots(connection), testContext.bullPrefix, {}),
    });
    expect(Object.keys(processors).sort()).toEqual(Object.keys(jobDefinitions).sort());
  });

  it('runs typed jobs on real Redis; bad payloads and rule violations fail without retries', async () => {
    const connection = redis();
    const seen: string[] = [];
    const workers = startWorkers({
      connection, prefix: testContext.bullPrefix, definitions, logger,
      processors: {
        'test.echo': async ({ text }) => {
          seen.push(text);
          return text.toUpperCase();
        },
        'test.refuse': async () => {
          throw new AppError('rule_violation', 'never valid');
        },
      },
    });
    const queues = new JobQueues(connection, testContext.bullPrefix, definitions);
    const events = new QueueEvents('maintenance', { connection: connection.duplicate(), prefix: testContext.bullPrefix });
    closeAfterAll(async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await queues.close();
      await events.close();
    });
    await events.waitUntilReady();

    const echoId = await queues.enqueue('test.echo', { text: 'hello' });
    const queue = queues.queues.get('maintenance')!;
    expect(await finished(await queue.getJob(echoId!), events)).toBe('HELLO');
    expect(seen).toEqual(['hello']);

    // A payload that bypassed enqueue validation is refused by the worker, once.
    const bad = await queue.add('test.echo', { text: 42 }, { attempts: 5 });
    await expect(finished(bad, events)).rejects.toThrow(/Invalid payload/);
    expect((await queue.getJob(bad.id!))!.attemptsMade).toBe(1);

    const refusedId = await queues.enqueue('test.refuse', {});
    await expect(finished(await queue.getJob(refusedId!), events)).rejects.toThrow(/rule_violation/);
    expect((await queue.getJob(refusedId!))!.attemptsMade).toBe(1);

    await expect(queues.enqueue('test.echo', { text: 1 } as never)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
