import type { Writable } from 'node:stream';
import type { Config } from '../../core/shared/config.ts';
import { createLogger } from '../../core/shared/logger.ts';
import type { MikroORM } from '../../core/db.ts';
import { createCoreServices, type CoreServices } from '../../core/services.ts';
import { createPaymentProvider } from '../../bots/payments/stripe.provider.ts';
import { createTrackingAggregator } from '../../bots/carriers/aftership.tracking.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { createNotifiers } from '../../bots/notifiers.ts';
import { openJobStore } from '../../jobs/job-store.ts';
import { JobQueues, queuePrefix } from '../../jobs/queues.ts';
import { jobDefinitions, type JobDefinitionsOfApp } from '../../jobs/definitions.ts';
import { startBackOffice, type BackOffice } from '../../jobs/back-office.ts';
import { FakeTelegramApi } from '../fakes/telegram-api.ts';
import type { CarrierAdapter } from '../../core/logistics/index.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { testConfig, testOrm } from './app.ts';
import { closeAfterAll } from './context.ts';

/** The worker side of the app, in this process, against the fake Telegram and Slack APIs. */
export interface TestBackOffice {
  config: Config;
  orm: MikroORM;
  core: CoreServices;
  queues: JobQueues<JobDefinitionsOfApp>;
  telegram: FakeTelegramApi;
  slack: FakeSlackApi;
  backOffice: BackOffice;
  /** Stops workers and relay now (as a worker process stopping would); the fakes stay up. */
  stop(): Promise<void>;
}

/** Options of `startTestBackOffice`. */
export interface TestBackOfficeOptions {
  carriers?: ReadonlyMap<string, CarrierAdapter> | undefined;
  /** Fakes to reuse (a worker started again talks to the same platforms). */
  telegram?: FakeTelegramApi | undefined;
  slack?: FakeSlackApi | undefined;
  /** Where the worker's log lines go (at `info`); by default LOG_LEVEL decides (silent). */
  logDestination?: Writable | undefined;
}

/** Environment that points the app at the fakes (token, API roots, a Slack approvals channel). */
export async function fakePlatformsEnv(telegram: FakeTelegramApi, slack: FakeSlackApi): Promise<Record<string, string>> {
  return {
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: await telegram.start(),
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: `${await slack.start()}/api/`,
    SLACK_APPROVALS_CHANNEL: 'C_APPROVALS',
    SLACK_SUPPORT_CHANNEL: 'C_SUPPORT',
  };
}

/**
 * Starts workers, outbox relay and schedules exactly as `ROLE=worker` does, with real
 * telegraf and Slack clients talking to fakes. `env` overrides configuration (limits...).
 */
export async function startTestBackOffice(env: Record<string, string> = {}, options: TestBackOfficeOptions = {}): Promise<TestBackOffice> {
  const telegram = options.telegram ?? new FakeTelegramApi();
  const slack = options.slack ?? new FakeSlackApi();
  const platforms = options.telegram && options.slack
    ? { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/`, SLACK_APPROVALS_CHANNEL: 'C_APPROVALS', SLACK_SUPPORT_CHANNEL: 'C_SUPPORT' }
    : await fakePlatformsEnv(telegram, slack);
  const config = testConfig({ ...platforms, OUTBOX_POLL_SECONDS: '1', ...env });
  const { carriers } = options;
  const logger = options.logDestination ? createLogger('info', options.logDestination) : createLogger(config.LOG_LEVEL);
  const orm = await testOrm(undefined, config);
  const jobs = await openJobStore(config, logger, 'test-worker');
  const core = createCoreServices(orm, config, systemClock, { carriers, payments: createPaymentProvider(config), tracking: createTrackingAggregator(config) });
  const queues = new JobQueues(jobs.connection, queuePrefix(config.BULLMQ_PREFIX, await core.installationId()), jobDefinitions);
  const backOffice = await startBackOffice({ config, core, jobs, queues, logger, notifiers: createNotifiers(config, core.conversations, logger) });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await backOffice.stop();
    await queues.close();
    await jobs.close();
  };
  closeAfterAll(async () => {
    await stop();
    await telegram.stop();
    await slack.stop();
  });
  return { config, orm, core, queues, telegram, slack, backOffice, stop };
}

/** Polls `check` until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
