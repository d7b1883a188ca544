import os from 'node:os';
import { runLoad, type LoadPlan } from '../load.ts';
import { runPgbench } from '../pgbench.ts';
import { tickSeconds } from '../progress.ts';
import { figure, type Scenario } from '../scenario.ts';
import { seedProducts } from '../seed.ts';
import { summarizeLatencies } from '../stats.ts';
import { percent, utilisationSampler } from '../utilisation.ts';

const clients = 16;
const linesPerOrder = 3;
const productCount = 300;
// Ample: even 2,000 orders/s for 20 s takes about 400 units of each SKU.
const stockPerProduct = 1_000_000;
// The first orders create these customers, later ones reuse them (as returning customers do).
const customerPool = 1000;

/** What the order intake load buys: 300 products, each with ample stock. */
export const orderIntakeProducts = { count: productCount, stock: stockPerProduct };

/** Seconds the order intake load is measured for. */
export function orderIntakeSeconds(quick: boolean): number {
  return quick ? 5 : 20;
}

/** The order intake load against the web app at `baseUrl` (the memory scenario drives it at another process). */
export function orderIntakePlan(baseUrl: string, apiKey: string, skus: string[], quick: boolean): LoadPlan {
  return {
    baseUrl, apiKey, skus, linesPerOrder, customerPool, clients,
    warmupMs: quick ? 1000 : 2000, durationMs: orderIntakeSeconds(quick) * 1000,
  };
}

/**
 * Order intake: 16 closed-loop clients post 3-line orders over 300 well-stocked SKUs. Reports
 * accepted orders per second, latency and non-201 replies, then runs pgbench for as long on the
 * same server, so the throughput can be read relative to what the database does on this machine.
 */
export const orderIntake: Scenario = {
  name: 'order intake',
  async run({ quick, target }) {
    const durationSeconds = orderIntakeSeconds(quick);
    const skus = await seedProducts(target.orm, { prefix: 'INTAKE', ...orderIntakeProducts });
    const plan = orderIntakePlan(target.url, target.apiKey, skus, quick);
    const sampler = utilisationSampler();
    let stopTicker: (() => void) | undefined;
    const onMeasuring = () => {
      sampler.start();
      stopTicker = tickSeconds('order intake', durationSeconds);
    };
    const load = await runLoad(plan, { onMeasuring }).finally(() => stopTicker?.());
    const server = sampler.read();
    const pgbenchTps = await runPgbench({ clients, threads: 2, durationSeconds, scale: 10 });

    const accepted = load.statuses.filter((status) => status === 201).length;
    const ordersPerSecond = accepted / (load.elapsedMs / 1000);
    const latency = summarizeLatencies(load.latencies);
    return {
      figures: [
        figure('order_intake_throughput', ordersPerSecond, 'orders/s'),
        figure('order_intake_p50_latency', latency.p50, 'ms'),
        figure('order_intake_p99_latency', latency.p99, 'ms'),
        figure('order_intake_non_201', load.statuses.length - accepted, 'responses', 0),
        figure('pgbench_tps', pgbenchTps, 'tps'),
      ],
      ratios: [figure('order_intake_vs_pgbench', ordersPerSecond / pgbenchTps, 'ratio', 3)],
      notes: [
        `order intake: ${clients} clients, ${linesPerOrder} lines per order over ${productCount} SKUs, ` +
          `${durationSeconds} s measured after a ${plan.warmupMs / 1000} s warm-up; pgbench -c ${clients} -j 2 -T ${durationSeconds}, scale 10`,
        `the load generator runs in the server's process, on a worker thread: server event loop ${percent(server.eventLoopBusy)} busy, ` +
          `generator event loop ${percent(load.generatorBusy)} busy, process CPU ${server.cpuCores.toFixed(2)} of ${os.cpus().length} cores`,
      ],
    };
  },
};
