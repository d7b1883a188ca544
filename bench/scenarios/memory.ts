import { setTimeout as sleep } from 'node:timers/promises';
import { systemActor } from '../../core/shared/actor.ts';
import { startAppProcess } from '../app-process.ts';
import { acceptedPerSecond, runLoad } from '../load.ts';
import { announce, tickSeconds } from '../progress.ts';
import { benchBullPrefix } from '../redis-keys.ts';
import { figure, type Scenario } from '../scenario.ts';
import { seedProducts } from '../seed.ts';
import { orderIntakeClosedLoop, orderIntakeMix, orderIntakeProducts, orderIntakeSeconds } from './order-intake.ts';

// Long enough for start-up work (first relay batch, schedules) to be over before "idle" is read.
const settleMs = 3000;

const mib = (bytes: number) => bytes / 2 ** 20;

/**
 * Memory: resident set of a real `node main.ts` process with `ROLE=all` (web app, workers, outbox
 * relay) on the bench database, idle after start-up and right after the order intake load of
 * scenario 1 (same closed loop) was driven at it. A separate process, because the bench process
 * also holds the in-process target, the fake Bot API and the other scenarios' leftovers.
 */
export const memory: Scenario = {
  name: 'memory',
  async run({ quick, target }) {
    const skus = await seedProducts(target.orm, { prefix: 'MEMORY', ...orderIntakeProducts });
    const apiKey = (await target.core.staff.createApiKey('bench-memory', ['admin'], systemActor)).plain;
    announce('memory: starting main.ts with ROLE=all');
    const app = await startAppProcess({
      ROLE: 'all', DATABASE_URL: target.config.DATABASE_URL, REDIS_URL: target.config.REDIS_URL,
      BULLMQ_PREFIX: `${benchBullPrefix}:memory`, LOG_LEVEL: 'warn', APPROVAL_THRESHOLD_MINOR: String(target.config.APPROVAL_THRESHOLD_MINOR),
      // Set but empty: a developer's .env must not switch real platforms on in the bench.
      TELEGRAM_BOT_TOKEN: '', SLACK_BOT_TOKEN: '',
    });
    try {
      await sleep(settleMs);
      const idle = await app.memory();
      const durationSeconds = orderIntakeSeconds(quick);
      let stopTicker: (() => void) | undefined;
      const plan = { baseUrl: app.url, apiKey, orders: orderIntakeMix(skus, 'memory'), pacing: orderIntakeClosedLoop(quick) };
      const load = await runLoad(plan, {
        onMeasuring: () => {
          stopTicker = tickSeconds('memory: order intake at main.ts', durationSeconds);
        },
      }).finally(() => stopTicker?.());
      const after = await app.memory();
      const accepted = load.replies.filter((reply) => reply.status === 201).length;
      return {
        figures: [
          figure('rss_idle', idle.rssMiB, 'MiB'),
          figure('rss_after_order_intake', after.rssMiB, 'MiB'),
          figure('rss_peak_order_intake', after.peakRssMiB, 'MiB'),
        ],
        notes: [
          `memory: VmRSS/VmHWM of a separate main.ts (ROLE=all, pid ${app.pid}) ${settleMs / 1000} s after /readyz, and right after the order intake load ` +
            `(${durationSeconds} s, closed loop, from a load generator process) that it took at ${acceptedPerSecond(load).toFixed(1)} orders/s ` +
            `with ${load.replies.length - accepted} non-201; this bench process itself is at ${mib(process.memoryUsage.rss()).toFixed(0)} MiB`,
        ],
      };
    } finally {
      await app.stop();
    }
  },
};
