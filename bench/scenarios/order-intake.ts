import { acceptedPerSecond, describeRejections, type LoadResult, type OrderMix, type Pacing } from '../load.ts';
import { pgbenchScale, runPgbench } from '../pgbench.ts';
import { figure, type Figure, type Scenario } from '../scenario.ts';
import { seedProducts } from '../seed.ts';
import { summarizeLatencies } from '../stats.ts';
import { percent } from '../utilisation.ts';
import { describeDatabaseActivity, loadCluster, type ClusterLoad } from '../cluster-load.ts';
import type { BenchTarget } from '../target.ts';
import { startWebCluster } from '../web-cluster.ts';

const clients = 16;
const linesPerOrder = 3;
const productCount = 300;
// Ample: even 2,000 orders/s for 40 s takes about 800 units of each SKU.
const stockPerProduct = 1_000_000;
// The first orders create these customers, later ones reuse them (as returning customers do).
const customerPool = 1000;
// The open loop offers this share of what the closed loop achieved: a busy but not saturated
// server, where queueing shows in the p99 only if the app makes requests wait on each other.
const openLoopShare = 0.7;
// Enough for the open loop's in-flight orders at a p99 of hundreds of ms; any wait for one of
// them counts in the latency, which runs from the time an order was due.
const openLoopSockets = 64;
const pgbenchThreads = 2;

/** What the order intake load buys: 300 products, each with ample stock. */
export const orderIntakeProducts = { count: productCount, stock: stockPerProduct };

/** Seconds the order intake load is measured for (each loop; pgbench runs as long). */
export function orderIntakeSeconds(quick: boolean): number {
  return quick ? 5 : 20;
}

/** 3-line orders over `skus` from a pool of 1,000 customers, idempotency keys `bench-<keyPrefix>-<n>`. */
export function orderIntakeMix(skus: string[], keyPrefix: string): OrderMix {
  return { skus, linesPerOrder, firstCustomer: 0, customerCount: customerPool, keyPrefix };
}

/** The closed loop of order intake: 16 clients after a warm-up (the memory scenario drives it too). */
export function orderIntakeClosedLoop(quick: boolean): Extract<Pacing, { kind: 'closed' }> {
  return { kind: 'closed', clients, warmupMs: quick ? 1000 : 2000, durationMs: orderIntakeSeconds(quick) * 1000 };
}

/** Throughput, latency and refusals of one loop, named `order_intake_<loop>_...`. */
function loopFigures(loop: string, result: LoadResult): Figure[] {
  const latency = summarizeLatencies(result.replies.map((reply) => reply.latencyMs));
  const accepted = result.replies.filter((reply) => reply.status === 201).length;
  return [
    figure(`order_intake_${loop}_throughput`, acceptedPerSecond(result), 'orders/s'),
    figure(`order_intake_${loop}_p50_latency`, latency.p50, 'ms'),
    figure(`order_intake_${loop}_p99_latency`, latency.p99, 'ms'),
    figure(`order_intake_${loop}_non_201`, result.replies.length - accepted, 'responses', 0),
  ];
}

/** How the generator and the server fared over one loop, for a `#` note. */
function loopNote(loop: string, { result, cpu, database }: ClusterLoad): string {
  const { max } = summarizeLatencies(result.replies.map((reply) => reply.latencyMs));
  return `order intake ${loop}: ${result.replies.length} orders, max latency ${max.toFixed(0)} ms, ` +
    `non-201: ${describeRejections(result.replies)}; generator event loop ${percent(result.generatorBusy)} busy; ${cpu}; ` +
    describeDatabaseActivity(database);
}

/** Both loops, one after the other, against one web cluster. */
interface IntakeLoops {
  closed: ClusterLoad;
  open: ClusterLoad;
  /** Orders per second the open loop offered. */
  ratePerSecond: number;
  webPids: number[];
}

/** Starts the web cluster, runs the closed loop, then the open loop at a share of its throughput, and stops the cluster. */
async function runLoops(target: BenchTarget, skus: string[], quick: boolean): Promise<IntakeLoops> {
  const cluster = await startWebCluster(target);
  try {
    const { apiKey } = target;
    const closedPacing = orderIntakeClosedLoop(quick);
    const closedPlan = { apiKey, orders: orderIntakeMix(skus, 'intake-closed'), pacing: closedPacing };
    const closed = await loadCluster(cluster, closedPlan, 'order intake, closed loop');
    const ratePerSecond = Math.max(1, Math.round(openLoopShare * acceptedPerSecond(closed.result)));
    const { warmupMs, durationMs } = closedPacing;
    const pacing: Pacing = { kind: 'open', ratePerSecond, maxSockets: openLoopSockets, warmupMs, durationMs };
    const open = await loadCluster(cluster, { apiKey, orders: orderIntakeMix(skus, 'intake-open'), pacing }, `order intake, open loop at ${ratePerSecond}/s`);
    return { closed, open, ratePerSecond, webPids: cluster.webPids };
  } finally {
    await cluster.app.stop();
  }
}

/**
 * Order intake against `main.ts` as deployed (`ROLE=web`, one web process per CPU) from a load
 * generator process of its own: first 16 closed-loop clients posting 3-line orders over 300
 * well-stocked SKUs, then an open loop at 70 % of the throughput the closed loop reached, whose
 * latency counts from when each order was due. Then pgbench runs as long as one loop on the same
 * server (the app stopped), so the throughput can be read relative to what the database does on
 * this machine.
 */
export const orderIntake: Scenario = {
  name: 'order intake',
  async run({ quick, target }) {
    const skus = await seedProducts(target.orm, { prefix: 'INTAKE', ...orderIntakeProducts });
    const { closed, open, ratePerSecond, webPids } = await runLoops(target, skus, quick);
    const durationSeconds = orderIntakeSeconds(quick);
    const pgbenchTps = await runPgbench({ clients, threads: pgbenchThreads, durationSeconds });
    const warmupSeconds = orderIntakeClosedLoop(quick).warmupMs / 1000;
    return {
      figures: [
        ...loopFigures('closed_loop', closed.result),
        figure('order_intake_open_loop_rate', ratePerSecond, 'orders/s'),
        ...loopFigures('open_loop', open.result),
        figure('pgbench_tps', pgbenchTps, 'tps'),
      ],
      ratios: [figure('order_intake_vs_pgbench', acceptedPerSecond(closed.result) / pgbenchTps, 'ratio', 3)],
      notes: [
        `order intake: ${linesPerOrder} lines per order over ${productCount} SKUs, ${customerPool} customers; each loop ` +
          `${durationSeconds} s measured after a ${warmupSeconds} s warm-up; closed loop: ${clients} clients; open loop: ` +
          `${ratePerSecond} orders/s (${openLoopShare * 100} % of the closed loop's) on schedule over at most ${openLoopSockets} ` +
          `connections, latency from the due time (sends at most ${open.result.maxScheduleLagMs.toFixed(0)} ms late)`,
        `order intake served by main.ts ROLE=web with ${webPids.length} web processes (node:cluster, pids ${webPids.join(', ')}), ` +
          'default pool each; load generator in a process of its own (node:http keep-alive) on the same machine',
        loopNote('closed loop', closed),
        loopNote('open loop', open),
        `pgbench -c ${clients} -j ${pgbenchThreads} -T ${durationSeconds}, initialised at scale ${pgbenchScale(clients)}, ` +
          'same server, app stopped',
      ],
    };
  },
};
