import { Router } from 'express';

/** A named readiness probe: resolves true when the dependency answers. */
export type ReadinessChecks = Record<string, () => Promise<boolean>>;

/**
 * `/healthz` says the process is alive; `/readyz` says its dependencies answer
 * (503 with the failing ones named, so a load balancer and a person both know why).
 */
export function healthRouter(checks: ReadinessChecks): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => checks[name]!().catch(() => false)));
    const down = names.filter((_, index) => !results[index]);
    const body = { status: down.length === 0 ? 'ready' : 'unavailable', checks: Object.fromEntries(names.map((name, index) => [name, results[index] ? 'up' : 'down'])) };
    if (down.length === 0) {
      res.json(body);
      return;
    }
    res.status(503).setHeader('Retry-After', '2').json({ ...body, error: { code: 'unavailable', message: `Not ready: ${down.join(', ')} unreachable`, details: { down } } });
  });
  return router;
}
