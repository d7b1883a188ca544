import { setTimeout as sleep } from 'node:timers/promises';
import type { OrderReply } from './http-client.ts';

/** Sends order number `n`; `dueAt` (a `performance.now()` time) is where its latency starts, when given. */
export type SendOrder = (dueAt?: number) => Promise<OrderReply>;

/** `clients` loops, each sending its next order when its last answered, until `durationMs` has passed; begun requests are awaited. */
export async function closedLoop(send: SendOrder, clients: number, durationMs: number): Promise<OrderReply[]> {
  const replies: OrderReply[] = [];
  const deadline = performance.now() + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) replies.push(await send());
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return replies;
}

/** Replies of an open loop and how far behind its schedule the generator itself fell. */
export interface OpenLoopOutcome {
  replies: OrderReply[];
  maxScheduleLagMs: number;
}

/**
 * Sends `ratePerSecond` orders a second for `durationMs`, on schedule whatever the replies:
 * order `i` is due at `start + i / rate`, every wake-up sends all that are due, and its latency
 * counts from its due time (so a late send, or a wait for a free connection, is in the figure).
 */
export async function openLoop(send: SendOrder, ratePerSecond: number, durationMs: number): Promise<OpenLoopOutcome> {
  const intervalMs = 1000 / ratePerSecond;
  const total = Math.round((ratePerSecond * durationMs) / 1000);
  const started = performance.now();
  const pending: Array<Promise<OrderReply>> = [];
  let maxScheduleLagMs = 0;
  while (pending.length < total) {
    const dueAt = started + pending.length * intervalMs;
    const waitMs = dueAt - performance.now();
    if (waitMs > 0) {
      await sleep(waitMs);
      continue;
    }
    maxScheduleLagMs = Math.max(maxScheduleLagMs, -waitMs);
    pending.push(send(dueAt));
  }
  return { replies: await Promise.all(pending), maxScheduleLagMs };
}

/** `requests` orders sent at once. */
export function burst(send: SendOrder, requests: number): Promise<OrderReply[]> {
  return Promise.all(Array.from({ length: requests }, () => send()));
}
