import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { parseConfig, type Config } from '../../core/shared/config.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { createOrm, poolOptionsOf, type MikroORM } from '../../core/db.ts';
import { createCoreServices, type CoreServices } from '../../core/services.ts';
import { systemClock, type Clock } from '../../core/shared/clock.ts';
import { systemActor } from '../../core/shared/actor.ts';
import { createCarrierAdapters } from '../../bots/carriers/index.ts';
import { createPaymentProvider } from '../../bots/payments/stripe.provider.ts';
import { createTrackingAggregator } from '../../bots/carriers/aftership.tracking.ts';
import { createRoutingSource } from '../../bots/routing/osrm.ts';
import { buildWebApp } from '../../bots/http/web.ts';
import { createChatFrontEnds, type ChatFrontEnds } from '../../bots/chat.ts';
import { openJobStore } from '../../jobs/job-store.ts';
import { JobQueues, queuePrefix } from '../../jobs/queues.ts';
import { replyPacer, SendRateLimiter } from '../../jobs/rate-limiter.ts';
import { channelLimits } from '../../jobs/back-office.ts';
import { SharedInputLimiter } from '../../jobs/input-limiter.ts';
import { inputLimits } from '../../bots/input-limits.ts';
import { jobDefinitions } from '../../jobs/definitions.ts';
import { closeAfterAll, testContext } from './context.ts';
import { testQueueBackend } from './databases.ts';
import type { ApiScope } from '../../core/shared/authorization.ts';
import type { CarrierAdapter } from '../../core/logistics/index.ts';

/** Configuration for this test file: its database, its queues (Redis, or PostgreSQL in `npm run test:embedded`), its BullMQ prefix, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    DATABASE_URL: testContext.databaseUrl,
    REDIS_URL: testContext.redisUrl,
    QUEUE_BACKEND: testQueueBackend,
    BULLMQ_PREFIX: testContext.bullPrefix,
    PORT: '0',
    LOG_LEVEL: 'silent',
    API_CHECK_RESPONSES: '1',
    ...overrides,
  });
}

/**
 * An ORM on this file's database, closed after the file. Its pool is the configuration's
 * (by default the production default: DB_POOL_SIZE and the timeouts), so a test that passes
 * here passes with what shops run.
 */
export async function testOrm(poolSize?: number, config: Config = testConfig()): Promise<MikroORM> {
  const defaults = poolOptionsOf(config);
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, ...defaults, poolSize: poolSize ?? defaults.poolSize });
  closeAfterAll(() => orm.close());
  return orm;
}

export interface TestApp {
  url: string;
  config: Config;
  orm: MikroORM;
  core: CoreServices;
  /** Telegram and web chat front ends (Telegram only when the env has a token). */
  chat: ChatFrontEnds;
  /** A fresh API key for this app's database, with these scopes (default `admin`). */
  apiKey(scopes?: ApiScope[]): Promise<string>;
  /** Stops the app now (as a process restart would), instead of after the file. */
  stop(): Promise<void>;
}

/** Options for `startTestApp`. */
export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Redis the app's queues use (and /readyz checks); defaults to the test Redis. */
  redisUrl?: string;
  /** Where the app's log lines go (at `info`); by default it logs nothing. */
  logDestination?: Writable;
  /** Carrier adapters by code; by default the configuration's (the simulated `SIM`). */
  carriers?: ReadonlyMap<string, CarrierAdapter>;
}

/** Starts the real express app on a free port against this file's database and Redis. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  // Chat replies are paced per chat like notifications; tests of other things send faster than
  // one message a second to a chat, so the web app's per-chat limit is off unless a test sets it.
  // Every test visitor comes from 127.0.0.1: new web chat sessions per address are not limited
  // unless a test sets the limit.
  const config = testConfig({ TELEGRAM_CHAT_MAX_PER_SECOND: '0', WEBCHAT_SESSIONS_PER_IP_PER_HOUR: '1000000', ...options.env, ...(options.redisUrl && { REDIS_URL: options.redisUrl }) });
  const logger = options.logDestination ? createLogger('info', options.logDestination) : createLogger('silent');
  const orm = await testOrm(undefined, config);
  const jobs = await openJobStore(config, logger, 'test');
  const clock = options.clock ?? systemClock;
  const core = createCoreServices(orm, config, clock, { carriers: options.carriers ?? createCarrierAdapters(config, clock), payments: createPaymentProvider(config), tracking: createTrackingAggregator(config), routing: createRoutingSource(config) });
  const queues = new JobQueues(jobs.connection, queuePrefix(config.BULLMQ_PREFIX, await core.installationId()), jobDefinitions);
  // As main.ts: the reply pacer and the input limits on a fail-fast connection.
  const chat = createChatFrontEnds(config, core, logger, {
    pacer: replyPacer(new SendRateLimiter(jobs.slots(true), queues.prefix, channelLimits(config)), 'telegram'),
    webchatSecret: config.WEBCHAT_SECRET ?? await core.webchatSecret(),
    limits: inputLimits(config, new SharedInputLimiter(jobs.inputs, queues.prefix, logger)),
  });
  const app = buildWebApp({
    config, logger, core, readinessChecks: { database: () => core.pingDatabase(), ...jobs.readiness },
    queues: [...queues.queues.values()], chatRoutes: chat.routes,
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await chat.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await queues.close();
    await jobs.close();
  };
  closeAfterAll(stop);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    orm,
    core,
    chat,
    stop,
    apiKey: async (scopes = ['admin']) => (await core.staff.createApiKey('test', scopes, systemActor)).plain,
  };
}

/** JSON request helper: returns status, parsed body and headers. */
export async function request(url: string, init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  const response = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody && { 'content-type': 'application/json' }), ...init.headers },
    ...(hasBody && { body: init.rawBody ?? JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON; the raw text is returned.
  }
  return { status: response.status, body, headers: response.headers };
}
