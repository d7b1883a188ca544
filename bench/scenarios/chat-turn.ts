import { tickSeconds } from '../progress.ts';
import { figure, type Scenario } from '../scenario.ts';
import { summarizeLatencies } from '../stats.ts';
import { percent, utilisationSampler } from '../utilisation.ts';
import { runWebhookLoad, type WebhookLoadPlan } from '../webhook-load.ts';

const ratePerSecond = 200;
// Chats of this scenario: far from the Telegram ids the notification pipeline gives its customers.
const firstChatId = 7_000_000_000;
const maxSockets = 40;

/** When each chat received `sendMessage` calls at the fake Bot API (ms timestamps). */
function replyTimesByChat(calls: ReadonlyArray<{ at: number; params: Record<string, unknown> }>): Map<number, number[]> {
  const byChat = new Map<number, number[]>();
  for (const call of calls) {
    const chatId = Number(call.params.chat_id);
    if (chatId < firstChatId) continue;
    const times = byChat.get(chatId) ?? [];
    times.push(call.at);
    byChat.set(chatId, times);
  }
  return byChat;
}

/**
 * Chat turn: Telegram webhook updates (`/start` from a new private chat each) at a fixed 200 per
 * second through the real telegraf adapter and conversation engine, which saves the conversation
 * in PostgreSQL and replies through the fake Bot API. Latency runs from the update leaving the
 * generator to the `sendMessage` arriving at the fake. Every update must be answered 200 with
 * exactly one reply; anything else is a failure.
 */
export const chatTurn: Scenario = {
  name: 'chat turn',
  async run({ quick, target }) {
    const durationSeconds = quick ? 5 : 20;
    const plan: WebhookLoadPlan = {
      webhookUrl: `${target.url}/telegram/webhook`, secret: target.telegramWebhookSecret, ratePerSecond,
      warmupMs: 1000, durationMs: durationSeconds * 1000, firstChatId, firstUpdateId: 1, maxSockets,
    };
    const sampler = utilisationSampler();
    let stopTicker: (() => void) | undefined;
    const load = await runWebhookLoad(plan, () => {
      sampler.start();
      stopTicker = tickSeconds(`chat turn at ${ratePerSecond} updates/s`, durationSeconds);
    }).finally(() => stopTicker?.());
    const server = sampler.read();

    // The webhook answers only after the reply was sent, so every reply has arrived by now.
    const replies = replyTimesByChat(target.telegramApi.callsTo('sendMessage'));
    const measured = load.updates.filter((update) => update.measured);
    const latencies = measured.flatMap((update) => {
      const repliedAt = replies.get(update.chatId)?.[0];
      return repliedAt === undefined ? [] : [repliedAt - update.sentAt];
    });
    const latency = summarizeLatencies(latencies);
    const failures: string[] = [];
    const notOk = load.updates.filter((update) => update.status !== 200);
    if (notOk.length > 0) {
      const statuses = [...new Set(notOk.map((update) => update.status))].join(', ');
      failures.push(`chat turn: ${notOk.length} of ${load.updates.length} webhook requests not answered 200 (${statuses})`);
    }
    const wrongReplyCount = load.updates.filter((update) => replies.get(update.chatId)?.length !== 1).length;
    if (wrongReplyCount > 0) failures.push(`chat turn: ${wrongReplyCount} of ${load.updates.length} chats did not get exactly one reply`);
    return {
      figures: [
        figure('chat_turn_updates', measured.length, 'updates', 0),
        figure('chat_turn_p50_latency', latency.p50, 'ms'),
        figure('chat_turn_p99_latency', latency.p99, 'ms'),
      ],
      notes: [
        `chat turn: /start from a new chat per update, ${ratePerSecond}/s for ${durationSeconds} s after a ${plan.warmupMs / 1000} s warm-up, ` +
          `over at most ${maxSockets} connections, sent from a worker thread (at most ${load.maxScheduleLagMs.toFixed(0)} ms behind schedule); ` +
          `max latency ${latency.max.toFixed(0)} ms; the fake Bot API runs on the server's thread, ` +
          `whose event loop was ${percent(server.eventLoopBusy)} busy (process CPU ${server.cpuCores.toFixed(2)} cores)`,
      ],
      failures,
    };
  },
};
