import { createServer, type IncomingMessage, type Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one app instance (own registry unless given, so tests can build several apps). */
export interface HttpMetrics {
  registry: Registry;
  middleware: RequestHandler;
}

export function createHttpMetrics(shared?: Registry): HttpMetrics {
  const registry = shared ?? new Registry();
  if (!shared) collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, matched route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const stop = duration.startTimer();
    res.on('finish', () => {
      // The matched route pattern, never the raw path, keeps label cardinality bounded.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      stop({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware };
}

/**
 * A warning for the start-up log when `/metrics` is open to anyone who reaches a public address
 * (it names queues, volumes and error rates), or null. Loopback addresses are not public.
 */
export function metricsExposureWarning(publicUrl: string, token: string | undefined): string | null {
  if (token) return null;
  const host = new URL(publicUrl).hostname;
  if (host === 'localhost' || host === '[::1]' || host.startsWith('127.')) return null;
  return `/metrics at ${publicUrl}/metrics is readable by anyone who reaches it: set METRICS_TOKEN (at least 16 characters) and give it to Prometheus`;
}

/** True when a request may read the metrics: no token configured, or `Authorization: Bearer <token>`. */
export function metricsAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A small listener for processes that serve no HTTP otherwise (`ROLE=worker` with
 * `METRICS_PORT`): `GET /metrics` (behind `METRICS_TOKEN` when set) and `GET /healthz`.
 */
export async function startMetricsListener(port: number, registry: Registry, token: string | undefined): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    if (req.method === 'GET' && req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (req.method !== 'GET' || req.url !== '/metrics') return void res.writeHead(404).end();
    if (!metricsAllowed(req.headers.authorization, token)) {
      return void res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' })
        .end(JSON.stringify({ error: { code: 'unauthenticated', message: 'Send the metrics token as "Authorization: Bearer <token>"' } }));
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(503).end(),
    );
  });
  server.listen(port);
  await once(server, 'listening');
  return server;
}
