import { setTimeout as sleep } from 'node:timers/promises';
import { createOrderClient, orderRequest, type OrderReply } from '../http-client.ts';
import { describeRejections } from '../load.ts';
import { announce } from '../progress.ts';
import { figure, type Scenario } from '../scenario.ts';
import { seedProducts } from '../seed.ts';
import { recordPgQueries, statementsIn } from '../statement-count.ts';

const orders = 50;
const linesPerOrder = 3;
const productCount = 10;
// Customers of this scenario are distinct from the order-intake and hot-SKU customers.
const firstCustomer = 200_000;
// Work the app does right after answering (none is expected) still lands in the recording.
const trailingMs = 200;

/** `count` consecutive SKUs from `start` (wrapping), so every order has distinct lines. */
const linesFrom = (skus: readonly string[], start: number, count: number): string[] =>
  Array.from({ length: count }, (_, offset) => skus[(start + offset) % skus.length]!);

/** The recorded queries grouped by their first words, most frequent first: `50 x select place_order(...)`. */
function shapes(queries: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const query of queries) {
    const shape = query.replace(/\s+/g, ' ').trim().slice(0, 48);
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([shape, count]) => `${count} x "${shape}"`).join('; ');
}

/**
 * Order intake statements: the SQL one order costs, counted by a driver hook in this process
 * (pg's `Client.prototype.query`) while `orders` 3-line orders of returning customers go
 * through the in-process target's REST API one at a time. Each customer orders once before
 * (unrecorded), which also fills the API key cache as steady traffic keeps it.
 */
export const intakeStatements: Scenario = {
  name: 'order intake statements',
  async run({ target }) {
    const skus = await seedProducts(target.orm, { prefix: 'STATEMENTS', count: productCount, stock: 10_000 });
    const client = createOrderClient(target.url, target.apiKey, 1);
    const place = (index: number, round: string) => {
      const body = orderRequest(linesFrom(skus, index, linesPerOrder), firstCustomer + index);
      return client.placeOrder(body, `bench-statements-${round}-${index}`);
    };
    const replies: OrderReply[] = [];
    const recorder = recordPgQueries();
    try {
      announce(`order intake statements: ${orders} first orders, then ${orders} recorded orders of the same customers`);
      for (let index = 0; index < orders; index += 1) replies.push(await place(index, 'first'));
      recorder.start();
      for (let index = 0; index < orders; index += 1) replies.push(await place(index, 'returning'));
      await sleep(trailingMs);
    } finally {
      client.close();
    }
    const { queries, wakeUps } = recorder.stop();
    recorder.restore();

    const statements = queries.reduce((sum, query) => sum + statementsIn(query), 0);
    const notCreated = replies.filter((reply) => reply.status !== 201).length;
    const failures = notCreated === 0 ? [] : [
      `order intake statements: ${notCreated} of ${replies.length} orders not created (${describeRejections(replies)})`,
    ];
    return {
      figures: [
        figure('order_intake_statements_per_order', statements / orders, 'statements', 2),
        figure('order_intake_round_trips_per_order', queries.length / orders, 'round trips', 2),
      ],
      notes: [
        `order intake statements: ${orders} orders of ${linesPerOrder} lines by returning customers, one at a time through ` +
          "the in-process target's REST API; counted by a hook on pg Client.prototype.query in the bench process (each " +
          'query call is one round trip; statements inside place_order run on the server and are not counted; ' +
          `pg_stat_statements is not required); ${wakeUps} relay wake-ups (pg_notify after commit, off the request path) ` +
          `left out; all queries: ${shapes(queries)}`,
      ],
      failures,
    };
  },
};
