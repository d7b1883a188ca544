import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../../core/shared/logger.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { healthRouter, type ReadinessChecks } from './health.ts';
import { createHttpMetrics, metricsAllowed } from './metrics.ts';
import type { Registry } from 'prom-client';
import { AppError } from '../../core/shared/errors.ts';

/** Largest JSON body accepted; larger bodies get 413 `payload_too_large`. */
export const bodyLimitBytes = 1024 * 1024;

/** What the express app is built from. */
export interface HttpAppOptions {
  logger: Logger;
  /** Probes answered by `/readyz`, e.g. `{ database, redis }`. */
  readinessChecks: ReadinessChecks;
  /** Feature routers mounted in order, after the common middleware and before the 404 handler. */
  routes?: Array<[path: string, handler: RequestHandler]>;
  /** Routers that read the raw body themselves (signature checks), mounted before the JSON parser. */
  rawRoutes?: Array<[path: string, handler: RequestHandler]>;
  /** The process's metrics registry (with the job and notification series); a new one when absent. */
  metricsRegistry?: Registry | undefined;
  /** `METRICS_TOKEN`: `/metrics` wants it as a Bearer token when set. */
  metricsToken?: string | undefined;
}

const requestIdPattern = /^[\w.:-]{1,128}$/;

export function buildHttpApp({ logger, readinessChecks, routes = [], rawRoutes = [], metricsRegistry, metricsToken }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const metrics = createHttpMetrics(metricsRegistry);

  app.use(
    pinoHttp({
      logger,
      // Reuse a caller's X-Request-Id when it looks sane; otherwise mint one. Echoed in the response.
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(metrics.middleware);
  for (const [path, handler] of rawRoutes) app.use(path, handler);
  app.use(express.json({ limit: bodyLimitBytes }));

  app.use(healthRouter(readinessChecks));
  app.get('/metrics', async (req, res) => {
    if (!metricsAllowed(req.headers.authorization, metricsToken)) throw new AppError('unauthenticated', 'Send the metrics token as "Authorization: Bearer <token>"');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  for (const [path, handler] of routes) app.use(path, handler);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
