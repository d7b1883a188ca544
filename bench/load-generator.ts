import { createOrderClient, orderRequest, type OrderClient, type OrderReply } from './http-client.ts';
import type { LoadMessage, LoadPlan } from './load.ts';
import { burst, closedLoop, openLoop, type SendOrder } from './pacing.ts';

// Entry point of the load generator process started by `runLoad` (bench/load.ts): the plan
// comes as JSON in argv[2], the results go back over the IPC channel.

const plan = JSON.parse(process.argv[2] ?? '') as LoadPlan;
const { orders } = plan;

/** `count` distinct SKUs picked at random. */
function pickDistinct(skus: readonly string[], count: number): string[] {
  const picked = new Set<string>();
  while (picked.size < count) picked.add(skus[Math.floor(Math.random() * skus.length)]!);
  return [...picked];
}

let sequence = 0;

/** Sends the plan's next order over `client`. */
const sender = (client: OrderClient): SendOrder => (dueAt) => {
  const number = sequence++;
  const body = orderRequest(pickDistinct(orders.skus, orders.linesPerOrder), orders.firstCustomer + (number % orders.customerCount));
  return client.placeOrder(body, `bench-${orders.keyPrefix}-${number}`, dueAt);
};

/**
 * Runs `phase` on a client of its own with at most `maxSockets` connections, closed afterwards.
 * The measured phase opens fresh connections, so all of them are spread over every web process
 * of a cluster, not only over those that were listening when the warm-up connected.
 */
async function onNewConnections<T>(maxSockets: number, phase: (send: SendOrder) => Promise<T>): Promise<T> {
  const client = createOrderClient(plan.baseUrl, plan.apiKey, maxSockets);
  try {
    return await phase(sender(client));
  } finally {
    client.close();
  }
}

function post(message: LoadMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
}

type Measured = Omit<Extract<LoadMessage, { kind: 'done' }>, 'kind'>;

/** Tells the parent the measured phase starts, runs it, and times it with this process's event loop and CPU use. */
async function measure(phase: () => Promise<{ replies: OrderReply[]; maxScheduleLagMs?: number }>): Promise<Measured> {
  await post({ kind: 'measuring' });
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { replies, maxScheduleLagMs = 0 } = await phase();
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    replies,
    elapsedMs,
    generatorBusy: performance.eventLoopUtilization(loopBefore).utilization,
    generatorCores: (cpu.user + cpu.system) / 1000 / elapsedMs,
    maxScheduleLagMs,
  };
}

/** Warms up unmeasured (closed and open loops), then runs and measures the plan's phase. */
async function run(): Promise<Measured> {
  const { pacing } = plan;
  switch (pacing.kind) {
    case 'closed': {
      const phase = (durationMs: number) => onNewConnections(pacing.clients, (send) => closedLoop(send, pacing.clients, durationMs));
      await phase(pacing.warmupMs);
      return measure(async () => ({ replies: await phase(pacing.durationMs) }));
    }
    case 'open': {
      const phase = (durationMs: number) => onNewConnections(pacing.maxSockets, (send) => openLoop(send, pacing.ratePerSecond, durationMs));
      await phase(pacing.warmupMs);
      return measure(() => phase(pacing.durationMs));
    }
    case 'burst':
      return measure(async () => ({ replies: await onNewConnections(pacing.requests, (send) => burst(send, pacing.requests)) }));
  }
}

await post({ kind: 'done', ...(await run()) });
process.disconnect();
