import type { Express } from 'express';
import type { Config } from '../../core/shared/config.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { CoreServices } from '../../core/services.ts';
import { buildHttpApp } from './app.ts';
import type { ReadinessChecks } from './health.ts';
import { apiRouter } from './api/index.ts';

/** What the web process serves, from the core services. */
export interface WebDeps {
  config: Config;
  logger: Logger;
  core: CoreServices;
  readinessChecks: ReadinessChecks;
}

/** The full express app: health, metrics, REST API v1 (and later chat and Slack endpoints). */
export function buildWebApp({ config, logger, core, readinessChecks }: WebDeps): Express {
  return buildHttpApp({
    logger,
    readinessChecks,
    routes: [['/api/v1', apiRouter({ orm: core.orm, orders: core.orders, publicUrl: config.PUBLIC_URL })]],
  });
}
