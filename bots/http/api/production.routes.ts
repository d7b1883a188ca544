import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ManufacturingService } from '../../../core/manufacturing/index.ts';
import { consumptionPolicies, productionStatuses } from '../../../core/manufacturing/index.ts';
import { AppError } from '../../../core/shared/errors.ts';
import { operation, type Operation } from './operation.ts';
import { quantity, sku } from './schemas.ts';

const tag = 'Manufacturing';
const number = { number: z.string().regex(/^MO-\d{8}-\d{6,}$/, 'a production order number, MO-YYYYMMDD-NNNNNN').meta({ examples: ['MO-20261206-000001'] }) };
const units = z.number().int().min(0).max(1_000_000);
const createSchema = z.object({
  sku, quantity, warehouse: z.string().trim().min(1).max(20).optional().describe('Where components are taken and output goes (default: the default warehouse)'),
  dueAt: z.iso.datetime({ offset: true }).optional(), consumptionPolicy: z.enum(consumptionPolicies).optional().describe('strict (default): consume by the BOM; flexible: reports say what was used'),
}).strict();
const reportSchema = z.object({
  good: units.describe('Good units made since the last report'), scrapped: units.describe('Units spoiled since the last report'),
  components: z.array(z.object({ sku, quantity: units }).strict()).max(200).optional().describe('Flexible MOs: component units actually used'),
}).strict().refine((body) => body.good + body.scrapped > 0, { message: 'report at least one unit made or scrapped' });
const viewSchema = z.object({
  number: z.string(), sku: z.string(), status: z.enum(productionStatuses), origin: z.string(), warehouse: z.string(), bomVersion: z.number().int(),
  quantityPlanned: z.number().int(), quantityGood: z.number().int(), quantityScrapped: z.number().int(), consumptionPolicy: z.string(), orderNumber: z.string().nullable(),
  dueAt: z.string().nullable(), startBy: z.string().nullable(), closeReason: z.string().nullable(),
  components: z.array(z.object({ sku: z.string(), required: z.number().int(), reserved: z.number().int(), consumed: z.number().int() })),
  version: z.number().int(), createdAt: z.string(), releasedAt: z.string().nullable(), finishedAt: z.string().nullable(),
});
const reasonSchema = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();
const keyPattern = /^[\x21-\x7e]{8,200}$/;

/** Production orders: create, release (components reserved), report output (idempotent), close, cancel, read. */
export function productionOperations(manufacturing: ManufacturingService): Operation[] {
  return [
    operation({
      method: 'post', path: '/production-orders', tag, summary: 'Create a draft production order by the product\'s active BOM', permission: 'production.manage',
      body: createSchema, example: { sku: 'CHAIR', quantity: 10, warehouse: 'MAIN' }, status: 201, response: viewSchema, errors: ['not_found', 'rule_violation'],
      handle: ({ body, caller }) => manufacturing.createProductionOrder({ ...body, dueAt: body.dueAt ? new Date(body.dueAt) : undefined }, caller.actor),
    }),
    operation({
      method: 'get', path: '/production-orders', tag, summary: 'Production orders, newest first', permission: 'stock.read',
      query: z.object({ status: z.enum(productionStatuses).optional() }).strict(), response: z.object({ items: z.array(viewSchema) }),
      handle: async ({ query, caller }) => ({ items: await manufacturing.listProductionOrders({ status: query.status }, caller.actor) }),
    }),
    operation({
      method: 'get', path: '/production-orders/:number', tag, summary: 'A production order with its components', permission: 'stock.read',
      params: number, response: viewSchema, errors: ['not_found'],
      handle: ({ params, caller }) => manufacturing.getProductionOrder(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/production-orders/:number/release', tag, summary: 'Release: reserve every component', permission: 'production.manage',
      description: 'All components are reserved in one transaction. One short: 409 `insufficient_stock` with `details.lines` naming each short component (`sku`, `required`, `available`); nothing is reserved and the order stays draft.',
      params: number, response: viewSchema, errors: ['not_found', 'invalid_transition', 'insufficient_stock'],
      handle: ({ params, caller }) => manufacturing.releaseProductionOrder(params.number, caller.actor),
    }),
    operation({
      method: 'post', path: '/production-orders/:number/reports', tag, summary: 'Report output made and scrapped', permission: 'production.manage',
      description: 'Consumes components (strict: exactly what the output so far needs) and adds the good units to stock. With an `Idempotency-Key`, a replay returns the first result (header `Idempotent-Replayed: true`). More than planned: 422; a draft, finished or cancelled order: 409.',
      headers: [{ name: 'Idempotency-Key', required: false, description: 'Makes the report once, 8 to 200 printable ASCII characters', schema: { type: 'string', minLength: 8, maxLength: 200 } }],
      params: number, body: reportSchema, example: { good: 6, scrapped: 0 }, status: 201,
      response: z.object({ report: z.object({ key: z.string(), good: z.number().int(), scrapped: z.number().int(), consumed: z.record(z.string(), z.number().int()), reservedForOrder: z.number().int() }), productionOrder: viewSchema }),
      errors: ['not_found', 'invalid_transition', 'rule_violation', 'insufficient_stock', 'idempotency_key_reused'],
      handle: async ({ params, body, caller, req, res }) => {
        const key = req.get('Idempotency-Key');
        if (key !== undefined && !keyPattern.test(key)) throw new AppError('invalid_input', 'Idempotency-Key must be 8 to 200 printable ASCII characters');
        const components = body.components ? new Map(body.components.map((line) => [line.sku, line.quantity])) : undefined;
        const result = await manufacturing.reportOutput(params.number, { key: key ? `api:${caller.apiKeyId}:${key}` : randomUUID(), good: body.good, scrapped: body.scrapped, components }, caller.actor);
        if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
        return { report: { ...result.report, key: key ?? result.report.key }, productionOrder: result.productionOrder };
      },
    }),
    operation({
      method: 'post', path: '/production-orders/:number/close', tag, summary: 'Close a started order (a reason when short of plan)', permission: 'production.manage',
      description: 'Every component reservation it still holds is released; it adds no more supply.',
      params: number, body: reasonSchema, optionalBody: true, example: { reason: 'Tea ran out of season' }, response: viewSchema, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, body, caller }) => manufacturing.closeProductionOrder(params.number, body.reason, caller.actor),
    }),
    operation({
      method: 'post', path: '/production-orders/:number/cancel', tag, summary: 'Cancel an order that has made nothing', permission: 'production.manage',
      params: number, body: reasonSchema, optionalBody: true, example: { reason: 'Not needed any more' }, response: viewSchema, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, body, caller }) => manufacturing.cancelProductionOrder(params.number, caller.actor, body.reason),
    }),
  ];
}
