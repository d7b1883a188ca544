import { stockLevels } from '../../core/inventory/index.ts';
import type { OrderReply } from '../http-client.ts';
import { describeRejections } from '../load.ts';
import { figure, type Scenario } from '../scenario.ts';
import { seedProducts } from '../seed.ts';
import { summarizeLatencies } from '../stats.ts';
import { describeDatabaseActivity, loadCluster, type ClusterLoad } from '../cluster-load.ts';
import type { BenchTarget } from '../target.ts';
import { startWebCluster } from '../web-cluster.ts';

const requests = 1000;
const unitsInStock = 100;
// Customers of this scenario are distinct from the order-intake customers; each buyer is new.
const firstCustomer = 100_000;
const warmupCustomer = 300_000;
const warmupMs = 1000;

/** Starts the web cluster, warms it up on other SKUs, sends the burst for `sku`, and stops the cluster. */
async function burstAgainstCluster(target: BenchTarget, sku: string): Promise<ClusterLoad & { webPids: number[] }> {
  const warmupSkus = await seedProducts(target.orm, { prefix: 'HOTWARM', count: 20, stock: 100_000 });
  const cluster = await startWebCluster(target);
  try {
    const { apiKey } = target;
    await loadCluster(cluster, {
      apiKey,
      orders: { skus: warmupSkus, linesPerOrder: 1, firstCustomer: warmupCustomer, customerCount: 100, keyPrefix: 'hot-warmup' },
      pacing: { kind: 'closed', clients: 16, warmupMs: 0, durationMs: warmupMs },
    }, 'hot SKU: warming the web processes up');
    const burst = await loadCluster(cluster, {
      apiKey,
      orders: { skus: [sku], linesPerOrder: 1, firstCustomer, customerCount: requests, keyPrefix: 'hot' },
      pacing: { kind: 'burst', requests },
    }, `hot SKU: ${requests} concurrent orders for ${unitsInStock} units`);
    return { ...burst, webPids: cluster.webPids };
  } finally {
    await cluster.app.stop();
  }
}

/** The refusal every losing buyer must get. */
const isStockRefusal = (reply: OrderReply) => reply.status === 409 && reply.errorCode === 'insufficient_stock';

/** The invariants of the race: exactly `unitsInStock` accepted, every other reply a stock refusal, the row reserved as accepted. */
function brokenInvariants(replies: readonly OrderReply[], level: { onHand: number; reserved: number } | undefined): string[] {
  const accepted = replies.filter((reply) => reply.status === 201).length;
  const other = replies.filter((reply) => reply.status !== 201 && !isStockRefusal(reply)).length;
  const failures: string[] = [];
  if (accepted !== unitsInStock) failures.push(`hot SKU: ${accepted} orders accepted for ${unitsInStock} units`);
  if (other > 0) {
    failures.push(`hot SKU: ${other} replies were neither 201 nor 409 insufficient_stock (all non-201: ${describeRejections(replies)})`);
  }
  if (level?.onHand !== unitsInStock || level.reserved !== accepted) {
    const ended = `on_hand ${level?.onHand}, reserved ${level?.reserved}`;
    failures.push(`hot SKU: stock ended at ${ended}; expected ${unitsInStock} and ${accepted}`);
  }
  return failures;
}

/**
 * Hot SKU: 1,000 simultaneous one-unit orders for one SKU with 100 units, each on its own
 * connection, from a load generator process against `main.ts` as deployed (`ROLE=web`, one web
 * process per CPU). Exactly 100 must be accepted and the rest refused with 409
 * `insufficient_stock`; the stock row must end with 100 reserved. Anything else is a failure
 * (the run exits 1). The web processes first take a second of ordinary orders, so they are
 * as warm (code compiled, API key cached, pools open) as a running deployment.
 */
export const hotSku: Scenario = {
  name: 'hot SKU',
  async run({ target }) {
    const [sku] = await seedProducts(target.orm, { prefix: 'HOT', count: 1, stock: unitsInStock });
    if (sku === undefined) throw new Error('seeding returned no SKU');
    const burst = await burstAgainstCluster(target, sku);
    const { replies } = burst.result;
    const [level] = await stockLevels(target.orm.em.fork(), [sku]);
    const accepted = replies.filter((reply) => reply.status === 201).length;
    const rejected = replies.filter(isStockRefusal).length;
    const latency = summarizeLatencies(replies.map((reply) => reply.latencyMs));
    return {
      figures: [
        figure('hot_sku_accepted', accepted, 'orders', 0),
        figure('hot_sku_rejected', rejected, 'orders', 0),
        figure('hot_sku_other_responses', replies.length - accepted - rejected, 'responses', 0),
        figure('hot_sku_p50_latency', latency.p50, 'ms'),
        figure('hot_sku_p99_latency', latency.p99, 'ms'),
      ],
      notes: [
        `hot SKU: ${requests} requests on ${requests} new connections at once from a load generator process of its own, ` +
          `served by main.ts ROLE=web with ${burst.webPids.length} web processes after a ${warmupMs / 1000} s warm-up; ` +
          `all answered within ${(burst.result.elapsedMs / 1000).toFixed(2)} s, max latency ${latency.max.toFixed(0)} ms ` +
          '(latency includes opening the connection)',
        `hot SKU burst: ${burst.cpu}; ${describeDatabaseActivity(burst.database)}`,
      ],
      failures: brokenInvariants(replies, level),
    };
  },
};
