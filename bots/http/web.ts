import type { Express, RequestHandler } from 'express';
import type { Config } from '../../core/shared/config.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { CoreServices } from '../../core/services.ts';
import { buildHttpApp } from './app.ts';
import type { ReadinessChecks } from './health.ts';
import { apiRouter } from './api/index.ts';
import { adminQueuesPath, adminRouter } from './admin.ts';
import type { Queue } from 'bullmq';
import type { Registry } from 'prom-client';
import { createSlackConsole } from '../slack/slack.app.ts';
import { carrierWebhookRouter } from './carrier-webhook.ts';
import { pickListPageRouter } from './pick-list.page.ts';
import { paymentRoutes } from './payments.routes.ts';
import { trackingWebhookRouter } from './tracking-webhook.ts';

/** What the web process serves, from the core services. */
export interface WebDeps {
  config: Config;
  logger: Logger;
  core: CoreServices;
  readinessChecks: ReadinessChecks;
  /** Queues shown in Bull Board at /admin/queues (only when ADMIN_USER and ADMIN_PASSWORD are set). */
  queues: Queue[];
  /** Chat front-end routes (`/chat`, `/telegram/webhook`), from `bots/chat.ts`. */
  chatRoutes?: Array<[string, RequestHandler]>;
  /** The process's metrics registry (job and notification series included). */
  metricsRegistry?: Registry | undefined;
}

/** The full express app: health, metrics, REST API v1, the chat front ends and Bull Board. */
export function buildWebApp({ config, logger, core, readinessChecks, queues, chatRoutes = [], metricsRegistry }: WebDeps): Express {
  const routes: Array<[string, RequestHandler]> = [
    ['/api/v1', apiRouter(core, config.PUBLIC_URL, { checkResponses: config.API_CHECK_RESPONSES })],
    ['/pick-lists', pickListPageRouter(core.fulfilment, config.DEFAULT_LOCALE)],
    ...chatRoutes,
  ];
  if (config.ADMIN_USER && config.ADMIN_PASSWORD) {
    routes.push([adminQueuesPath, adminRouter(queues, { user: config.ADMIN_USER, password: config.ADMIN_PASSWORD })]);
  } else {
    logger.info('Bull Board at /admin/queues is off: set ADMIN_USER and ADMIN_PASSWORD to turn it on');
  }
  const slack = createSlackConsole(config, core, logger);
  const rawRoutes: Array<[string, RequestHandler]> = [['/api/v1/carriers', carrierWebhookRouter(core.logistics)]];
  if (slack) rawRoutes.push(['/slack/events', slack.router]);
  rawRoutes.push(['/payments', paymentRoutes(core.payments, config.DEFAULT_LOCALE)], ['/webhooks', trackingWebhookRouter(core.logistics)]);
  return buildHttpApp({ logger, readinessChecks, routes, rawRoutes, metricsRegistry, metricsToken: config.METRICS_TOKEN });
}
