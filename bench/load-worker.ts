import { parentPort, workerData } from 'node:worker_threads';
import { createOrderClient, orderRequest, type OrderClient, type OrderReply } from './http-client.ts';
import type { LoadMessage, LoadPlan } from './load.ts';

// Entry point of the load worker started by `runLoad` (bench/load.ts).

const plan = workerData as LoadPlan;

/** `count` distinct SKUs picked at random. */
function pickDistinct(skus: readonly string[], count: number): string[] {
  const picked = new Set<string>();
  while (picked.size < count) picked.add(skus[Math.floor(Math.random() * skus.length)]!);
  return [...picked];
}

let sequence = 0;

function sendNext(client: OrderClient): Promise<OrderReply> {
  const number = sequence++;
  const body = orderRequest(pickDistinct(plan.skus, plan.linesPerOrder), number % plan.customerPool);
  return client.placeOrder(body, `bench-intake-${number}`);
}

/** `plan.clients` loops until `durationMs` has passed; requests begun before then are awaited. */
async function closedLoop(client: OrderClient, durationMs: number): Promise<OrderReply[]> {
  const replies: OrderReply[] = [];
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) replies.push(await sendNext(client));
  };
  await Promise.all(Array.from({ length: plan.clients }, loop));
  return replies;
}

function post(message: LoadMessage): void {
  parentPort?.postMessage(message);
}

const client = createOrderClient(plan.baseUrl, plan.apiKey, plan.clients);
await closedLoop(client, plan.warmupMs);
post({ kind: 'measuring' });
const loopBefore = performance.eventLoopUtilization();
const started = performance.now();
const replies = await closedLoop(client, plan.durationMs);
const elapsedMs = performance.now() - started;
client.close();
post({
  kind: 'done',
  statuses: replies.map((reply) => reply.status),
  latencies: replies.map((reply) => reply.latencyMs),
  elapsedMs,
  generatorBusy: performance.eventLoopUtilization(loopBefore).utilization,
});
