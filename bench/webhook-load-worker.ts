import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { SentUpdate, WebhookLoadMessage, WebhookLoadPlan } from './webhook-load.ts';

// Entry point of the worker started by `runWebhookLoad` (bench/webhook-load.ts).

const plan = workerData as WebhookLoadPlan;
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.maxSockets });
const endpoint = new URL(plan.webhookUrl);

/** A private `/start` message, shaped as Telegram delivers it to a webhook. */
function startUpdate(index: number): { chatId: number; body: string } {
  const chatId = plan.firstChatId + index;
  const updateId = plan.firstUpdateId + index;
  const from = { id: chatId, is_bot: false, first_name: 'Bench', language_code: 'en' };
  const message = { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from, text: '/start' };
  return { chatId, body: JSON.stringify({ update_id: updateId, message }) };
}

function postUpdate(index: number, measured: boolean): Promise<SentUpdate> {
  const { chatId, body } = startUpdate(index);
  return new Promise((resolve) => {
    const sentAt = Date.now();
    const answered = (status: number) => resolve({ chatId, sentAt, status, measured });
    const request = http.request(endpoint, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': plan.secret },
    }, (response) => {
      response.resume();
      response.on('end', () => answered(response.statusCode ?? 0));
      response.on('error', () => answered(0));
    });
    request.on('error', () => answered(0));
    request.end(body);
  });
}

function post(message: WebhookLoadMessage): void {
  parentPort?.postMessage(message);
}

const intervalMs = 1000 / plan.ratePerSecond;
const warmupCount = Math.round((plan.ratePerSecond * plan.warmupMs) / 1000);
const total = warmupCount + Math.round((plan.ratePerSecond * plan.durationMs) / 1000);
const started = performance.now();
const replies: Array<Promise<SentUpdate>> = [];
let maxScheduleLagMs = 0;
// Update i is due at started + i * intervalMs; each wake-up sends every update that is due.
while (replies.length < total) {
  const index = replies.length;
  const dueAt = started + index * intervalMs;
  const waitMs = dueAt - performance.now();
  if (waitMs > 0) {
    await sleep(waitMs);
    continue;
  }
  if (index === warmupCount) post({ kind: 'measuring' });
  maxScheduleLagMs = Math.max(maxScheduleLagMs, -waitMs);
  replies.push(postUpdate(index, index >= warmupCount));
}
const updates = await Promise.all(replies);
agent.destroy();
post({ kind: 'done', updates, maxScheduleLagMs });
