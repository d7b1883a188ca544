import type { Config } from '../../core/shared/config.ts';
import type { MikroORM } from '../../core/db.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { createNotifiers } from '../../bots/notifiers.ts';
import { startBackOffice } from '../../jobs/back-office.ts';
import { jobDefinitions } from '../../jobs/definitions.ts';
import { JobQueues, queuePrefix } from '../../jobs/queues.ts';
import { openJobStore, type JobStore, type QueueBackend } from '../../jobs/job-store.ts';
import { measureBareWorker } from '../bare-worker.ts';
import { startProgress } from '../progress.ts';
import { figure, type Scenario } from '../scenario.ts';
import { seedProducts } from '../seed.ts';
import type { BenchTarget } from '../target.ts';
import { placeTelegramOrders } from '../telegram-orders.ts';
import { percent, utilisationSampler, type Utilisation } from '../utilisation.ts';
import { messagesPerChat, waitForMessages, type ChatRange, type DeliveryProgress } from '../telegram-deliveries.ts';

// Telegram ids of this scenario's customers: below the chat turn's, one chat per order.
const firstChatId = 6_000_000_000;
const productCount = 100;
const placingConcurrency = 16;
// As the app's notifications queue (jobs/back-office.ts), where the sending happens.
const bareConcurrency = 50;
// Delivery has stalled when no message arrived for this long.
const stallMs = 30_000;

/**
 * Marks events earlier scenarios left in the outbox as dispatched: they are REST orders, whose
 * customers have no chat to notify, and would otherwise be relayed inside the timed run.
 */
async function setAsideEarlierEvents(orm: MikroORM): Promise<number> {
  const result = await orm.em.fork().execute<{ affectedRows: number }>('update outbox_event set dispatched_at = now() where dispatched_at is null', [], 'run');
  return result.affectedRows;
}

/** Starts the back office as `ROLE=worker` does, waits until every message has arrived, stops it. */
async function deliverAll(target: BenchTarget, config: Config, jobs: JobStore, range: ChatRange): Promise<DeliveryProgress & { startedAt: number; busy: Utilisation }> {
  const logger = createLogger(config.LOG_LEVEL);
  const queues = new JobQueues(jobs.connection, queuePrefix(config.BULLMQ_PREFIX, await target.core.installationId()), jobDefinitions);
  const progress = startProgress('notification pipeline', range.count, 'messages');
  const sampler = utilisationSampler();
  const startedAt = Date.now();
  const backOffice = await startBackOffice({ config, core: target.core, jobs, queues, logger, notifiers: createNotifiers(config, target.core.conversations, logger) });
  try {
    const delivered = await waitForMessages(target.telegramApi, range, stallMs, progress);
    return { ...delivered, startedAt, busy: sampler.read() };
  } finally {
    progress.finish();
    await backOffice.stop();
    await queues.close();
  }
}

/** The scenario on the queue store `backend` names (Redis, or PostgreSQL as in the mode without Redis). */
function pipelineOn(backend: QueueBackend): Scenario {
  const where = backend === 'redis' ? 'Redis' : 'PostgreSQL (BullMQ\'s PostgreSQL backend, the limits in unlogged tables)';
  const name = backend === 'redis' ? 'notification pipeline' : 'notification pipeline (PostgreSQL queues)';
  return {
    name,
    async run({ quick, target }) {
      const range: ChatRange = { firstChatId: backend === 'redis' ? firstChatId : firstChatId + 50_000, count: quick ? 1000 : 10_000 };
      const config: Config = { ...target.config, TELEGRAM_MAX_PER_SECOND: 0, TELEGRAM_CHAT_MAX_PER_SECOND: 0, QUEUE_BACKEND: backend };
      const setAside = await setAsideEarlierEvents(target.orm);
      const skus = await seedProducts(target.orm, { prefix: `NOTIFY${backend === 'redis' ? '' : 'PG'}`, count: productCount, stock: range.count });
      await placeTelegramOrders(target.core, { ...range, skus, concurrency: placingConcurrency });

      const jobs = await openJobStore(config, createLogger(config.LOG_LEVEL), 'bench-back-office');
      try {
        const delivery = await deliverAll(target, config, jobs, range);
        const messagesPerSecond = delivery.delivered / ((delivery.lastAt - delivery.startedAt) / 1000);
        const bareJobsPerSecond = await measureBareWorker({ connection: jobs.connection, prefix: config.BULLMQ_PREFIX, jobs: range.count, concurrency: bareConcurrency });
        const failures: string[] = [];
        const perChat = messagesPerChat(target.telegramApi, range);
        const sent = [...perChat.values()].reduce((sum, count) => sum + count, 0);
        const repeated = [...perChat.values()].filter((count) => count > 1).length;
        if (sent !== range.count || perChat.size !== range.count) {
          failures.push(`${name}: ${sent} messages to ${perChat.size} chats; expected ${range.count}, one per chat (${repeated} chats got more than one)`);
        }
        const key = backend === 'redis' ? '' : '_pg';
        return {
          figures: [
            figure(`notification_pipeline${key}_messages`, delivery.delivered, 'messages', 0),
            figure(`notification_pipeline${key}_throughput`, messagesPerSecond, 'messages/s'),
            figure(`bare_bullmq${key}_throughput`, bareJobsPerSecond, 'jobs/s'),
          ],
          ratios: [figure(`notification_pipeline${key}_vs_bare_bullmq`, messagesPerSecond / bareJobsPerSecond, 'ratio', 3)],
          notes: [
            `${name}: queues on ${where}; ${range.count} order.placed events queued in the outbox first (${setAside} events of earlier scenarios, ` +
              `REST orders with no chat to notify, marked dispatched), then timed from back office start to the last sendMessage at the fake; ` +
              `Telegram limits off; workers at the app's concurrency (events 8, notifications 50), in the server's process, ` +
              `whose event loop was ${percent(delivery.busy.eventLoopBusy)} busy (process CPU ${delivery.busy.cpuCores.toFixed(2)} cores)`,
            `bare BullMQ: ${range.count} jobs added with addBulk, then one worker with an empty processor at concurrency ${bareConcurrency}, same store; ` +
              'a message takes one job (notify.send, added by the relay with addBulk after its commit), its share of the relay transaction, and the send',
          ],
          failures,
        };
      } finally {
        await jobs.close();
      }
    },
  };
}

/**
 * Notification pipeline: 10,000 orders (quick: 1,000) from distinct Telegram customers are placed
 * while no back office runs, so their `order.placed` events wait in the outbox; then the back
 * office starts (outbox relay, `notify.send`, telegraf) with the platform
 * limits off, and the run is timed until the fake Bot API has every message. Exactly one message
 * per chat is required. For reference, a bare BullMQ worker with an empty processor drains as
 * many jobs on the same store.
 */
export const notificationPipeline = pipelineOn('redis');

/** The same on the queue store of the mode without Redis (issue 25). */
export const notificationPipelineOnPostgres = pipelineOn('postgres');
