import { Worker } from 'node:worker_threads';

/** What the load generator sends: closed-loop clients posting orders of random distinct SKUs. */
export interface LoadPlan {
  baseUrl: string;
  apiKey: string;
  skus: string[];
  linesPerOrder: number;
  /** Orders cycle through customers `c-0` ... `c-<customerPool - 1>`. */
  customerPool: number;
  /** Concurrent request loops; each sends its next order when the last one answered. */
  clients: number;
  /** Unmeasured lead-in (connections opened, code warmed up). */
  warmupMs: number;
  durationMs: number;
}

/** Messages from the load worker: the measured phase starts, then its results. */
export type LoadMessage =
  | { kind: 'measuring' }
  | { kind: 'done'; statuses: number[]; latencies: number[]; elapsedMs: number; generatorBusy: number };

/** Replies of the measured phase and how long it took. */
export interface LoadResult {
  /** HTTP status per request (0: failed below HTTP). */
  statuses: number[];
  /** Latency per request in ms, same order as `statuses`. */
  latencies: number[];
  /** From the start until the last in-flight request answered. */
  elapsedMs: number;
  /** Event loop utilisation of the load generator's own thread (0..1). */
  generatorBusy: number;
}

/** Hooks around the measured phase, e.g. to sample the server's event loop. */
export interface LoadHooks {
  onMeasuring?(): void;
}

/**
 * Runs the plan in a worker thread: same process as the server (as the bench is designed), but
 * its own event loop, so the generator does not queue behind request handling and its own
 * busyness can be reported.
 */
export async function runLoad(plan: LoadPlan, hooks: LoadHooks = {}): Promise<LoadResult> {
  const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: plan });
  const done = new Promise<LoadResult>((resolve, reject) => {
    worker.on('message', (message: LoadMessage) => {
      if (message.kind === 'measuring') hooks.onMeasuring?.();
      else resolve(message);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`load worker exited with code ${code} before reporting`)));
  });
  try {
    return await done;
  } finally {
    await worker.terminate();
  }
}
