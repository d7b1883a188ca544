import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { DeliveryChannel, NotificationService } from '../core/notifications/index.ts';
import type { SendMetrics } from './notify.processor.ts';

/** A process's metrics: its registry, and the counters the notification sender feeds. */
export interface ProcessMetrics {
  registry: Registry;
  send: SendMetrics;
}

/**
 * The Prometheus series of the job and notification pipeline, on one registry per process
 * (served at `/metrics` by the web app, or by the metrics listener of `ROLE=worker`):
 * - `orderchat_queue_jobs{queue,state}`: waiting, active, delayed and failed jobs per queue;
 * - `orderchat_notifications{channel,status}`: pending, sending, failed and uncertain rows;
 * - `orderchat_outbox_lag_seconds`: age of the oldest event not relayed yet;
 * - `orderchat_outbox_dead_letters`: events set aside;
 * - `orderchat_notifications_settled_total{channel,outcome}` and
 *   `orderchat_notifications_rate_limited_total{channel}`: what this process sent, and its 429s.
 * Gauges are read when scraped: queue counts from Redis, the rest in one SQL statement.
 */
export function createProcessMetrics(options: { queues: readonly Queue[]; notifications: NotificationService }): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const settled = new Counter({ name: 'orderchat_notifications_settled_total', help: 'Notifications this process settled, by channel and outcome', labelNames: ['channel', 'outcome'] as const, registers: [registry] });
  const rateLimited = new Counter({ name: 'orderchat_notifications_rate_limited_total', help: 'Platform 429 answers this process got, by channel', labelNames: ['channel'] as const, registers: [registry] });

  const queueJobs = new Gauge({
    name: 'orderchat_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'] as const, registers: [],
    async collect() {
      this.reset();
      for (const queue of options.queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => null);
        for (const [state, count] of Object.entries(counts ?? {})) this.set({ queue: queue.name, state }, count);
      }
    },
  });
  // One read serves the three database gauges of a scrape.
  let figures: ReturnType<NotificationService['figures']> | undefined;
  const read = () => (figures ??= options.notifications.figures().finally(() => setTimeout(() => { figures = undefined; }, 1000).unref()));
  const notificationRows = new Gauge({
    name: 'orderchat_notifications', help: 'Notifications not settled or set aside, by channel and status', labelNames: ['channel', 'status'] as const, registers: [],
    async collect() {
      this.reset();
      const { open, setAside } = await read();
      for (const row of [...open, ...setAside]) this.set({ channel: row.channel, status: row.status }, row.count);
    },
  });
  const outboxLag = new Gauge({
    name: 'orderchat_outbox_lag_seconds', help: 'Age of the oldest outbox event not relayed yet', registers: [],
    async collect() {
      this.set((await read()).outboxLagSeconds);
    },
  });
  const deadLetters = new Gauge({
    name: 'orderchat_outbox_dead_letters', help: 'Outbox events set aside (dead letters) waiting for an operator', registers: [],
    async collect() {
      this.set((await read()).deadEvents);
    },
  });
  for (const gauge of [queueJobs, notificationRows, outboxLag, deadLetters]) registry.registerMetric(gauge);
  return {
    registry,
    send: {
      settled: (channel: DeliveryChannel, outcome: string) => settled.inc({ channel, outcome }),
      rateLimited: (channel: DeliveryChannel) => rateLimited.inc({ channel }),
    },
  };
}
