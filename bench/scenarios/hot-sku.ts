import { stockLevels } from '../../core/inventory/index.ts';
import { createOrderClient, orderRequest } from '../http-client.ts';
import { announce } from '../progress.ts';
import { figure, type Scenario } from '../scenario.ts';
import { seedProducts } from '../seed.ts';
import { summarizeLatencies } from '../stats.ts';

const requests = 1000;
const unitsInStock = 100;
// Customers of this scenario are distinct from the order-intake customers.
const firstCustomer = 100_000;

/**
 * Hot SKU: 1,000 simultaneous one-unit orders for one SKU with 100 units. Exactly 100 must be
 * accepted and the rest refused with 409 `insufficient_stock`; the stock row must end with
 * 100 reserved. Anything else is a failure (the run exits 1).
 */
export const hotSku: Scenario = {
  name: 'hot SKU',
  async run({ target }) {
    const [sku] = await seedProducts(target.orm, { prefix: 'HOT', count: 1, stock: unitsInStock });
    if (sku === undefined) throw new Error('seeding returned no SKU');
    // One connection per request, so all 1,000 really are in flight at once.
    const client = createOrderClient(target.url, target.apiKey, requests);
    announce(`hot SKU: ${requests} concurrent orders for ${unitsInStock} units`);
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: requests }, (_, index) => client.placeOrder(orderRequest([sku], firstCustomer + index), `bench-hot-${index}`)),
    ).finally(() => client.close());
    const burstSeconds = (performance.now() - started) / 1000;

    const accepted = replies.filter((reply) => reply.status === 201).length;
    const rejected = replies.filter((reply) => reply.status === 409 && reply.errorCode === 'insufficient_stock').length;
    const other = requests - accepted - rejected;
    const [level] = await stockLevels(target.orm.em.fork(), [sku]);
    const failures: string[] = [];
    if (accepted !== unitsInStock) failures.push(`hot SKU: ${accepted} orders accepted for ${unitsInStock} units`);
    if (other > 0) {
      const kinds = [...new Set(replies.filter((r) => r.status !== 201 && r.errorCode !== 'insufficient_stock').map((r) => `${r.status} ${r.errorCode}`))];
      failures.push(`hot SKU: ${other} replies were neither 201 nor 409 insufficient_stock (${kinds.join(', ')})`);
    }
    if (level?.onHand !== unitsInStock || level.reserved !== accepted) {
      failures.push(`hot SKU: stock ended at on_hand ${level?.onHand}, reserved ${level?.reserved}; expected ${unitsInStock} and ${accepted}`);
    }
    return {
      figures: [
        figure('hot_sku_accepted', accepted, 'orders', 0),
        figure('hot_sku_rejected', rejected, 'orders', 0),
        figure('hot_sku_other_responses', other, 'responses', 0),
        figure('hot_sku_p99_latency', summarizeLatencies(replies.map((reply) => reply.latencyMs)).p99, 'ms'),
      ],
      notes: [
        `hot SKU: ${requests} requests on ${requests} connections, sent from the server's own thread; ` +
          `all answered within ${burstSeconds.toFixed(1)} s, so p99 is mostly queueing behind the server`,
      ],
      failures,
    };
  },
};
