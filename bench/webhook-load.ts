import { Worker } from 'node:worker_threads';

/** What the webhook load generator sends: `/start` from a new private chat per update, at a fixed rate. */
export interface WebhookLoadPlan {
  /** `<base url>/telegram/webhook`. */
  webhookUrl: string;
  /** Sent as `X-Telegram-Bot-Api-Secret-Token`. */
  secret: string;
  /** Updates per second, whatever the answers (an open loop, as Telegram delivers). */
  ratePerSecond: number;
  /** Lead-in at the same rate whose updates are not measured (code warmed up, connections opened). */
  warmupMs: number;
  durationMs: number;
  /** Update `i` (from 0) comes from chat `firstChatId + i` and has update_id `firstUpdateId + i`. */
  firstChatId: number;
  firstUpdateId: number;
  /** Connections to the webhook; Telegram's default `max_connections` is 40. */
  maxSockets: number;
}

/** One update as sent. */
export interface SentUpdate {
  chatId: number;
  /** `Date.now()` just before the request was written, the clock the fake Bot API stamps calls with. */
  sentAt: number;
  /** HTTP status of the webhook's answer (0: failed below HTTP). */
  status: number;
  /** False for warm-up updates. */
  measured: boolean;
}

/** Everything the generator sent, and how well it kept to the rate. */
export interface WebhookLoadResult {
  updates: SentUpdate[];
  /** Longest delay of a send behind its schedule (ms): large values mean the rate was not kept. */
  maxScheduleLagMs: number;
}

/** Messages from the webhook load worker: the measured phase starts, then its results. */
export type WebhookLoadMessage = { kind: 'measuring' } | ({ kind: 'done' } & WebhookLoadResult);

/**
 * Runs the plan in a worker thread, so updates leave on schedule even while the server (in
 * this process's main thread) is busy. Resolves once every webhook request has been answered.
 */
export async function runWebhookLoad(plan: WebhookLoadPlan, onMeasuring: () => void = () => undefined): Promise<WebhookLoadResult> {
  const worker = new Worker(new URL('./webhook-load-worker.ts', import.meta.url), { workerData: plan });
  const done = new Promise<WebhookLoadResult>((resolve, reject) => {
    worker.on('message', (message: WebhookLoadMessage) => {
      if (message.kind === 'measuring') onMeasuring();
      else resolve(message);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`webhook load worker exited with code ${code} before reporting`)));
  });
  try {
    return await done;
  } finally {
    await worker.terminate();
  }
}
