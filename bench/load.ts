import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { OrderReply } from './http-client.ts';

/** Which orders the generator posts: order `n` (from 0) is for customer `c-<firstCustomer + n % customerCount>`. */
export interface OrderMix {
  /** Each order has `linesPerOrder` distinct SKUs picked at random from these, one unit each. */
  skus: string[];
  linesPerOrder: number;
  firstCustomer: number;
  /** Customers cycle, so once each has ordered the later orders are a returning customer's. */
  customerCount: number;
  /** Idempotency keys are `bench-<keyPrefix>-<n>`: unique per load on one database. */
  keyPrefix: string;
}

/** When the generator sends. Closed and open loops run `warmupMs` unmeasured first, at the same pace. */
export type Pacing =
  /** `clients` loops, each sending its next order when its last one answered. */
  | { kind: 'closed'; clients: number; warmupMs: number; durationMs: number }
  /**
   * Orders leave on a fixed schedule whatever the replies (as independent customers arrive);
   * latency runs from when an order was due, so a slow server cannot hide its queue (no
   * coordinated omission). At most `maxSockets` connections; orders beyond wait for one.
   */
  | { kind: 'open'; ratePerSecond: number; maxSockets: number; warmupMs: number; durationMs: number }
  /** `requests` orders at once, each on its own connection. */
  | { kind: 'burst'; requests: number };

/** One load: orders of `orders` sent to `baseUrl` paced by `pacing`. */
export interface LoadPlan {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  orders: OrderMix;
  pacing: Pacing;
}

/** Replies of the measured phase and how the generator kept up. */
export interface LoadResult {
  /** One per measured order, in the order they were sent. */
  replies: OrderReply[];
  /** From the start of the measured phase until its last reply arrived. */
  elapsedMs: number;
  /** Event loop utilisation of the generator process over the measured phase (0..1). */
  generatorBusy: number;
  /** CPU of the generator process over the measured phase, in cores. */
  generatorCores: number;
  /** Open loop: the longest a send left after its due time (ms); 0 for the other pacings. */
  maxScheduleLagMs: number;
}

/** Messages from the generator process: the measured phase starts, then its results. */
export type LoadMessage = { kind: 'measuring' } | ({ kind: 'done' } & LoadResult);

/** Hooks around the measured phase, e.g. to sample CPU use. */
export interface LoadHooks {
  onMeasuring?(): void;
}

/** Replies other than 201 by status and error code, e.g. `409 insufficient_stock x 900, 503 x 2`; `none` when all were 201. */
export function describeRejections(replies: readonly OrderReply[]): string {
  const counts = new Map<string, number>();
  for (const { status, errorCode } of replies) {
    if (status === 201) continue;
    const kind = `${status}${errorCode === undefined ? '' : ` ${errorCode}`}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts.size === 0 ? 'none' : [...counts].map(([kind, count]) => `${kind} x ${count}`).join(', ');
}

const generatorScript = new URL('./load-generator.ts', import.meta.url);

/** Orders per second that were accepted (201) over the measured phase. */
export function acceptedPerSecond(result: LoadResult): number {
  const accepted = result.replies.filter((reply) => reply.status === 201).length;
  return accepted / (result.elapsedMs / 1000);
}

/**
 * Runs the plan in a load generator process of its own (this Node, `process.execPath`): the
 * generator neither shares an event loop nor a heap with the server or the bench, so neither
 * can slow the other down except through the machine's cores, and its own CPU is measured.
 */
export async function runLoad(plan: LoadPlan, hooks: LoadHooks = {}): Promise<LoadResult> {
  const child = fork(generatorScript, [JSON.stringify(plan)], { execPath: process.execPath, serialization: 'advanced' });
  const exited = once(child, 'exit');
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      child.on('message', (message: LoadMessage) => {
        if (message.kind === 'measuring') hooks.onMeasuring?.();
        else resolve(message);
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => reject(new Error(`load generator exited (${signal ?? code}) before reporting`)));
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  }
}
