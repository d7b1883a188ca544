import { beforeAll, describe, expect, it } from 'vitest';
import type { Router } from 'express';
import { z } from 'zod';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { apiOperations, apiRouter } from '../../bots/http/api/index.ts';
import { openApiPath, type Operation } from '../../bots/http/api/operation.ts';
import { carrierWebhookRouter } from '../../bots/http/carrier-webhook.ts';
import { apiScopes, permissions, type ApiScope } from '../../core/shared/authorization.ts';

let app: TestApp;
let operations: Operation[];
let document: { paths: Record<string, Record<string, any>> };

beforeAll(async () => {
  app = await startTestApp();
  operations = apiOperations(app.core, app.url);
  document = (await request(`${app.url}/api/v1/openapi.json`)).body;
});

interface RouterLayer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: RouterLayer[] } }

/** Every `METHOD path` an express router serves, nested routers included. */
function servedRoutes(router: Router, prefix = ''): string[] {
  return (router.stack as RouterLayer[]).flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((method) => `${method} ${prefix}${openApiPath(layer.route!.path)}`);
    return layer.handle?.stack ? servedRoutes(layer.handle as unknown as Router, prefix) : [];
  });
}

const where = (op: Operation) => `${op.method} ${op.path}`;
const entryOf = (op: Operation) => document.paths[openApiPath(op.path)]![op.method]!;

const documented = () => Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));

/** A path with each parameter replaced by the example its schema carries. */
function examplePath(op: Operation): string {
  return op.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const examples = z.globalRegistry.get(op.params![name]!)?.examples as unknown[] | undefined;
    return String(examples![0]);
  });
}

const keys = new Map<string, string>();
async function keyWith(scopes: ApiScope[]): Promise<string> {
  const id = [...scopes].sort().join(',');
  if (!keys.has(id)) keys.set(id, await app.apiKey(scopes));
  return keys.get(id)!;
}

async function call(op: Operation, key: string) {
  return request(`${app.url}/api/v1${examplePath(op)}`, {
    method: op.method.toUpperCase(),
    body: op.body ? op.example ?? {} : undefined,
    headers: { authorization: `Bearer ${key}`, 'idempotency-key': `openapi-test-${op.method}-${op.path}` },
  });
}

describe('OpenAPI document', () => {
  it('documents every route the API serves, and serves every documented operation', () => {
    const served = [
      ...servedRoutes(apiRouter(app.core, app.url)),
      ...servedRoutes(carrierWebhookRouter(app.core.logistics), '/carriers'),
    ].filter((route) => route !== 'get /openapi.json');
    expect(served.length).toBeGreaterThanOrEqual(45);
    expect([...new Set(served)].sort()).toEqual(documented().sort());
  });

  it('gives every operation a summary, a tag, its scopes, its errors and valid examples', () => {
    expect(operations.filter((op) => !entryOf(op).summary || entryOf(op).tags[0] !== op.tag).map(where)).toEqual([]);
    expect(operations.filter((op) => !entryOf(op).responses['401'] || !entryOf(op).responses['503'].headers['Retry-After']).map(where)).toEqual([]);

    const guarded = operations.filter((op) => op.permission);
    expect(guarded.map((op) => [where(op), entryOf(op).security.map((requirement: { bearer: string[] }) => requirement.bearer[0]), Boolean(entryOf(op).responses['403'])]))
      .toEqual(guarded.map((op) => [where(op), [...permissions[op.permission!].scopes, 'admin'], true]));

    const withBody = operations.filter((op) => op.body);
    expect(withBody.filter((op) => !op.body!.safeParse(op.example).success).map(where), 'example bodies their schema refuses').toEqual([]);
    expect(withBody.map((op) => entryOf(op).requestBody.content['application/json'].examples.example.value)).toEqual(withBody.map((op) => op.example));

    const params = operations.flatMap((op) => Object.entries(op.params ?? {}).map(([name, schema]) => ({ where: `${where(op)} ${name}`, schema })));
    expect(params.filter(({ schema }) => {
      const examples = z.globalRegistry.get(schema)?.examples as unknown[] | undefined;
      return !schema.safeParse(String(examples?.[0])).success;
    }).map((param) => param.where), 'path parameters without a valid example').toEqual([]);

    // Each error response lists the codes its examples show.
    const errorExamples = operations.flatMap((op) => Object.entries<any>(entryOf(op).responses).filter(([status]) => Number(status) >= 400)
      .flatMap(([status, response]) => Object.values<any>(response.content['application/json'].examples).map((example) => ({ at: `${where(op)} ${status}`, code: example.value.error.code, description: response.description }))));
    expect(errorExamples.length).toBeGreaterThan(operations.length * 3);
    expect(errorExamples.filter((example) => !example.description.includes(`\`${example.code}\``))).toEqual([]);
  });

  it("lists the scopes core checks: a key without them gets 403 naming them, a key with one of them does not", async () => {
    const guarded = operations.filter((op) => op.permission);
    const refusals: unknown[] = [];
    for (const op of guarded) {
      const scopes = permissions[op.permission!].scopes as readonly ApiScope[];
      const refused = await call(op, await keyWith(apiScopes.filter((scope) => scope !== 'admin' && !scopes.includes(scope))));
      refusals.push([where(op), refused.status, refused.body.error?.details?.requiredScopes]);
    }
    expect(refusals).toEqual(guarded.map((op) => [where(op), 403, permissions[op.permission!].scopes]));

    const answers: Array<{ at: string; status: number; body: unknown }> = [];
    for (const op of operations) {
      const allowed = await call(op, await keyWith(op.permission ? [permissions[op.permission].scopes[0]!] : ['reports:read']));
      answers.push({ at: where(op), status: allowed.status, body: allowed.body });
    }
    expect(answers.filter((answer) => answer.status === 403 || answer.status >= 500)).toEqual([]);
  });

  it('passes the Redocly linter (recommended rules) with nothing but reminders of the licence and of the local server URL', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    expect(problems.filter((problem) => !['info-license', 'no-server-example.com'].includes(problem.ruleId)).map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`)).toEqual([]);
  });
});
