import { describe, expect, it } from 'vitest';
import { metricsExposureWarning } from '../../bots/http/metrics.ts';
import { request, startTestApp } from '../support/app.ts';

describe('health, readiness and metrics', () => {
  it('/healthz and /readyz answer 200 when PostgreSQL and Redis are up', async () => {
    const app = await startTestApp({ env: { QUEUE_BACKEND: 'redis' } });
    expect((await request(`${app.url}/healthz`)).status).toBe(200);
    const ready = await request(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { database: 'up', redis: 'up' } });
  });

  it('with the queues in PostgreSQL (no Redis), /readyz checks the queue connection instead of Redis', async () => {
    const app = await startTestApp({ env: { QUEUE_BACKEND: 'postgres' }, redisUrl: 'redis://127.0.0.1:1' });
    const ready = await request(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: 'up', queues: 'up' });
  });

  it('/readyz answers 503 naming Redis when Redis is unreachable', async () => {
    // Port 1 on loopback: nothing listens, exactly what a stopped Redis looks like to the client.
    const app = await startTestApp({ env: { QUEUE_BACKEND: 'redis' }, redisUrl: 'redis://127.0.0.1:1' });
    const ready = await request(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ database: 'up', redis: 'down' });
    expect(ready.body.error.code).toBe('unavailable');
    expect(ready.body.error.message).toContain('redis');
    expect((await request(`${app.url}/healthz`)).status).toBe(200);
  });

  it('/metrics wants the token when METRICS_TOKEN is set; a public address without one is warned about at start', async () => {
    const app = await startTestApp({ env: { METRICS_TOKEN: 'metrics-token-0123456789' } });
    expect((await request(`${app.url}/metrics`)).status).toBe(401);
    expect((await request(`${app.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(200);
    expect(metricsExposureWarning('https://shop.example.com', undefined)).toMatch(/set METRICS_TOKEN/);
    expect(metricsExposureWarning('https://shop.example.com', 'metrics-token-0123456789')).toBeNull();
    expect(metricsExposureWarning('http://localhost:3000', undefined)).toBeNull();
    expect(metricsExposureWarning('http://127.0.0.1:3000', undefined)).toBeNull();
  });

  it('/metrics exposes process metrics and request durations by route and status', async () => {
    const app = await startTestApp();
    await request(`${app.url}/healthz`);
    await request(`${app.url}/no-such-page`);
    const metrics = await request(`${app.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} 1/);
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
  });

  it('every response carries a request id, reusing a sane incoming one', async () => {
    const app = await startTestApp();
    const minted = await request(`${app.url}/healthz`);
    expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const reused = await request(`${app.url}/healthz`, { headers: { 'X-Request-Id': 'lb-1234' } });
    expect(reused.headers.get('x-request-id')).toBe('lb-1234');
  });

  it('unknown routes and malformed bodies get the JSON error shape, never a 500', async () => {
    const app = await startTestApp();
    const missing = await request(`${app.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /nowhere' } });
    const key = await app.apiKey();
    const malformed = await request(`${app.url}/api/v1/products`, { rawBody: '{"sku": ', headers: { authorization: `Bearer ${key}` } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_input');
  });
});

describe('Bull Board', () => {
  it('is served at /admin/queues behind basic auth when ADMIN_USER and ADMIN_PASSWORD are set', async () => {
    const app = await startTestApp({ env: { ADMIN_USER: 'ops', ADMIN_PASSWORD: 'pa:ss' } });
    const anonymous = await request(`${app.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    expect(anonymous.body.error.code).toBe('unauthenticated');
    const wrong = await request(`${app.url}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('ops:nope').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const ok = await request(`${app.url}/admin/queues/api/queues`, { headers: { authorization: `Basic ${Buffer.from('ops:pa:ss').toString('base64')}` } });
    expect(ok.status).toBe(200);
    expect(ok.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(['events', 'maintenance', 'notifications']);
  });

  it('is not served without admin credentials configured', async () => {
    const app = await startTestApp();
    expect((await request(`${app.url}/admin/queues`)).status).toBe(404);
  });
});
