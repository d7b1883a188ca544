/**
 * Composition root: reads the configuration, checks PostgreSQL and Redis (or keeps the queues in
 * PostgreSQL), migrates, then starts
 * the web server and/or the job workers according to ROLE, and shuts them down gracefully.
 */
import type { Server } from 'node:http';
import { loadConfig, ConfigError, redactUrl, type Config } from './core/shared/config.ts';
import { createLogger, readableLogStream, type Logger } from './core/shared/logger.ts';
import { databaseAnswers, DependencyUnavailableError, ensureDatabase } from './core/shared/database.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './core/shared/embedded-database.ts';
import { createOrm, migrateDatabase, poolOptionsOf, type MikroORM } from './core/db.ts';
import { buildWebApp } from './bots/http/web.ts';
import { createCoreServices } from './core/services.ts';
import { chooseQueueBackend, openJobStore, type JobStore } from './jobs/job-store.ts';
import { JobQueues, queuePrefix } from './jobs/queues.ts';
import { createProcessMetrics } from './jobs/pipeline-metrics.ts';
import { metricsExposureWarning, startMetricsListener } from './bots/http/metrics.ts';
import { inputLimits } from './bots/input-limits.ts';
import { SharedInputLimiter } from './jobs/input-limiter.ts';
import { jobDefinitions } from './jobs/definitions.ts';
import { channelLimits, startBackOffice, type BackOffice } from './jobs/back-office.ts';
import { replyPacer, SendRateLimiter } from './jobs/rate-limiter.ts';
import { createNotifiers } from './bots/notifiers.ts';
import { createChatFrontEnds, type ChatFrontEnds } from './bots/chat.ts';
import { createCarrierAdapters } from './bots/carriers/index.ts';
import { createPaymentProvider } from './bots/payments/stripe.provider.ts';
import { createTrackingAggregator } from './bots/carriers/aftership.tracking.ts';
import { createRoutingSource } from './bots/routing/osrm.ts';
import { SlackTelegramDigest } from './bots/reports/digest.publisher.ts';
import { forkWebProcesses, isWebProcess, startsTelegram, type WebProcesses } from './bots/http/web-processes.ts';
import { systemClock } from './core/shared/clock.ts';

/** Everything the process opened, in the order it must be closed. */
interface Runtime {
  server?: Server;
  /** `ROLE=worker`'s `/metrics` listener (METRICS_PORT). */
  metricsServer?: Server;
  backOffice?: BackOffice;
  chat?: ChatFrontEnds;
  queues: JobQueues<typeof jobDefinitions>;
  /** The queues' connections and the limits' state (Redis, or PostgreSQL without Redis). */
  jobs: JobStore;
  orm: MikroORM;
}

/** Graceful shutdown must finish within this; past it the process exits 1 (and says so). */
const shutdownDeadlineMs = 9_500;

/**
 * Checks PostgreSQL, chooses where the queues live (and checks Redis when there), creates and
 * migrates the database, and seeds the demo when asked. Returns the configuration with the choice.
 */
async function prepare(config: Config, logger: Logger, demo: boolean): Promise<Config> {
  await ensureDatabase(config.DATABASE_URL);
  const queueBackend = await chooseQueueBackend(config, demo);
  if (queueBackend === 'postgres' && config.QUEUE_BACKEND === undefined) logger.info('no Redis answers: the job queues run on PostgreSQL (schema bullmq)');
  const prepared = { ...config, QUEUE_BACKEND: queueBackend };
  const applied = await migrateDatabase(config.DATABASE_URL);
  logger.info({ migrations: applied }, 'database ready');
  if (!demo) return prepared;
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, ...poolOptionsOf(config), poolSize: 2 });
  try {
    const { demo: demoData } = createCoreServices(orm, config);
    if (await demoData.catalogIsEmpty()) logger.info({ products: await demoData.seed() }, 'demo data seeded');
  } finally {
    await orm.close();
  }
  return prepared;
}

/** Starts what `ROLE` asks for in this process (the database is prepared). */
async function start(config: Config, logger: Logger, demo: boolean): Promise<Runtime> {
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL, ...poolOptionsOf(config) });
  const core = createCoreServices(orm, config, systemClock, { carriers: createCarrierAdapters(config, systemClock), payments: createPaymentProvider(config), tracking: createTrackingAggregator(config), routing: createRoutingSource(config) });

  const jobs = await openJobStore(config, logger, config.ROLE);
  const queues = new JobQueues(jobs.connection, queuePrefix(config.BULLMQ_PREFIX, await core.installationId()), jobDefinitions);
  const metrics = createProcessMetrics({ queues: [...queues.queues.values()], notifications: core.notifications });
  const runtime: Runtime = { queues, jobs, orm };

  if (config.ROLE !== 'web') {
    const notifiers = createNotifiers(config, core.conversations, logger);
    runtime.backOffice = await startBackOffice({
      config, core, jobs, queues, logger, notifiers, digest: new SlackTelegramDigest(config, core.staff, logger), metrics: metrics.send,
    });
    logger.info({ queues: runtime.backOffice.workers.map((worker) => worker.name), channels: Object.keys(notifiers) }, 'workers started');
  }

  if (config.ROLE !== 'worker') {
    // A reply waits for no store that is away: the pacer and the limits use the fail-fast connection.
    const limiter = new SendRateLimiter(jobs.slots(true), queues.prefix, channelLimits(config));
    runtime.chat = createChatFrontEnds(config, core, logger, {
      pacer: replyPacer(limiter, 'telegram'), webchatSecret: config.WEBCHAT_SECRET ?? await core.webchatSecret(),
      limits: inputLimits(config, new SharedInputLimiter(jobs.inputs, queues.prefix, logger)),
    });
    const app = buildWebApp({
      config,
      logger,
      core,
      readinessChecks: { database: () => core.pingDatabase(), ...jobs.readiness },
      queues: [...queues.queues.values()],
      chatRoutes: runtime.chat.routes,
      metricsRegistry: metrics.registry,
    });
    runtime.server = await new Promise<Server>((resolve) => {
      const server = app.listen(config.PORT, () => resolve(server));
    });
    logger.info(
      { url: config.PUBLIC_URL, health: `${config.PUBLIC_URL}/healthz`, ready: `${config.PUBLIC_URL}/readyz`, metrics: `${config.PUBLIC_URL}/metrics` },
      `listening on ${config.PUBLIC_URL}`,
    );
    if (startsTelegram(config)) await runtime.chat.start();
    const exposed = metricsExposureWarning(config.PUBLIC_URL, config.METRICS_TOKEN);
    if (exposed) logger.warn(exposed);
  }
  if (config.ROLE === 'worker' && config.METRICS_PORT) {
    runtime.metricsServer = await startMetricsListener(config.METRICS_PORT, metrics.registry, config.METRICS_TOKEN);
    logger.info({ port: config.METRICS_PORT }, 'metrics listening');
  }
  const where = jobs.backend === 'redis' ? { redis: redactUrl(config.REDIS_URL), queues: queues.prefix } : { queues: 'postgres (schema bullmq)' };
  logger.info({ role: config.ROLE, database: redactUrl(config.DATABASE_URL), ...where }, 'started');
  if (demo && runtime.server) printDemoBanner(config);
  return runtime;
}

/** A plain summary for people trying the demo (the JSON log lines carry the same URLs). */
function printDemoBanner(config: Config): void {
  const url = config.PUBLIC_URL;
  process.stdout.write([
    '',
    'Order chat platform is running (demo data loaded).',
    `  Health      ${url}/healthz  ·  ready: ${url}/readyz  ·  metrics: ${url}/metrics`,
    `  Web chat    ${url}/chat`,
    `  REST API    ${url}/api/v1  ·  OpenAPI: ${url}/api/v1/openapi.json`,
    `  Bull Board  ${url}/admin/queues${config.ADMIN_USER ? '' : '  (set ADMIN_USER and ADMIN_PASSWORD to enable)'}`,
    '  API key     npm run cli -- api-key create --name shop',
    '  Stop        Ctrl+C',
    '',
  ].join('\n') + '\n');
}

/** Stop accepting, let in-flight requests and active jobs finish, then close the relay, workers, queues, their store and the ORM. */
async function stop(runtime: Runtime): Promise<void> {
  const { server } = runtime;
  await runtime.chat?.stop();
  if (runtime.metricsServer) await new Promise((resolve) => runtime.metricsServer!.close(resolve));
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  }
  await runtime.backOffice?.stop();
  await runtime.queues.close();
  await runtime.jobs.close();
  await runtime.orm.close();
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * An embedded PostgreSQL when the user did not name a server: with `EMBEDDED=1`, or for the demo
 * when nothing answers at the default address. An explicit DATABASE_URL is never replaced (an
 * unreachable one fails, naming it).
 */
async function embeddedWhenNeeded(config: Config, demo: boolean, logger: Logger): Promise<EmbeddedDatabase | undefined> {
  if (config.databaseUrlGiven) return undefined;
  if (!config.EMBEDDED && !(demo && !(await databaseAnswers(config.DATABASE_URL)))) return undefined;
  const database = await startEmbeddedDatabase(config.EMBEDDED_DATA_DIR);
  logger.info({ dataDir: database.dataDir, port: database.port }, 'no DATABASE_URL: running on an embedded PostgreSQL');
  return database;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const demo = process.argv.includes('--demo');
  // The demo is read by a person at a terminal; production logs stay JSON lines for the collector.
  const logger = demo ? createLogger(config.LOG_LEVEL, readableLogStream()) : createLogger(config.LOG_LEVEL);
  // Several web processes on one port: this process prepares the database, forks them, and
  // runs the workers itself when ROLE=all.
  const cluster = config.ROLE !== 'worker' && config.WEB_PROCESSES > 1 && !isWebProcess();
  let runtime: Runtime | undefined;
  let webProcesses: WebProcesses | undefined;
  let embedded: EmbeddedDatabase | undefined;
  try {
    // Forked web processes find the database prepared by the process that forked them.
    if (!isWebProcess()) {
      embedded = await embeddedWhenNeeded(config, demo, logger);
      if (embedded) config = { ...config, DATABASE_URL: embedded.url, databaseUrlGiven: true };
      config = await prepare(config, logger, demo);
    }
    if (cluster) {
      // Web processes read their configuration again: they are told the database and queues this process chose.
      webProcesses = forkWebProcesses(config.WEB_PROCESSES, { DATABASE_URL: config.DATABASE_URL, QUEUE_BACKEND: config.QUEUE_BACKEND! }, logger, () => {
        if (demo) printDemoBanner(config);
      });
      if (config.ROLE === 'all') runtime = await start({ ...config, ROLE: 'worker' }, logger, false);
    } else {
      runtime = await start(config, logger, demo);
    }
  } catch (error) {
    await embedded?.stop().catch(() => undefined);
    if (error instanceof DependencyUnavailableError) fail(error.message);
    throw error;
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, shutdownDeadlineMs);
    deadline.unref();
    (async () => {
      await webProcesses?.stop();
      if (runtime) await stop(runtime);
      await embedded?.stop();
    })().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

await main();
