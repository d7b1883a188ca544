import { z } from 'zod';
import type { ManufacturingService } from '../../../core/manufacturing/index.ts';
import { operation, type Operation } from './operation.ts';

const tag = 'Manufacturing';
const suggestionId = { id: z.coerce.number().int().positive().meta({ examples: [1] }) };
const suggestionSchema = z.object({
  id: z.number().int(), runId: z.number().int(), sku: z.string(), name: z.string(), warehouse: z.string(), action: z.enum(['buy', 'make']), quantity: z.number().int(),
  needBy: z.string(), startBy: z.string(), supplier: z.string().nullable(), late: z.boolean(),
  pegging: z.array(z.object({ source: z.string(), quantity: z.number().int() })), status: z.string(), convertedTo: z.string().nullable(),
});
const planSchema = z.object({ runId: z.number().int(), startedAt: z.string(), horizonDays: z.number().int(), suggestions: z.array(suggestionSchema) });

/** Material planning: run it, read its suggestions, accept them (draft PO / MO, once) or dismiss them. */
export function planningOperations(manufacturing: ManufacturingService): Operation[] {
  return [
    operation({
      method: 'post', path: '/mrp/runs', tag, summary: 'Run material planning now', permission: 'production.plan',
      description: 'Nets demand (orders waiting, production orders not released, safety stock) against free stock and open purchase and production orders, product by product down the BOMs; suggests what to buy or make and when to start. One run at a time: a second one meanwhile gets 409 `concurrent_update`. Open suggestions of earlier runs are superseded.',
      status: 201, response: planSchema, errors: ['concurrent_update'],
      handle: ({ caller }) => manufacturing.runMrp(caller.actor),
    }),
    operation({
      method: 'get', path: '/mrp/suggestions', tag, summary: 'The latest planning run and its suggestions, late ones first', permission: 'stock.read',
      response: planSchema,
      handle: ({ caller }) => manufacturing.latestPlan(caller.actor),
    }),
    operation({
      method: 'post', path: '/mrp/suggestions/:id/accept', tag, summary: 'Make a suggestion a draft purchase order (buy) or production order (make)', permission: 'production.plan',
      description: 'Once: asking again returns the same document (`created: false`). A superseded or dismissed suggestion: 409.',
      params: suggestionId, response: z.object({ suggestion: suggestionSchema, created: z.boolean() }), errors: ['not_found', 'invalid_transition', 'rule_violation'],
      handle: ({ params, caller }) => manufacturing.acceptSuggestion(params.id, caller.actor),
    }),
    operation({
      method: 'post', path: '/mrp/suggestions/:id/dismiss', tag, summary: 'Set a suggestion aside', permission: 'production.plan',
      params: suggestionId, response: suggestionSchema, errors: ['not_found', 'invalid_transition'],
      handle: ({ params, caller }) => manufacturing.dismissSuggestion(params.id, caller.actor),
    }),
    operation({
      method: 'post', path: '/mrp/suppliers/:code/accept', tag, summary: 'Every open buy suggestion of a supplier as one draft purchase order per warehouse', permission: 'production.plan',
      params: { code: z.string().trim().min(1).max(32).meta({ examples: ['FUJIAN-TEA'] }) }, response: z.object({ items: z.array(suggestionSchema) }), errors: ['not_found'],
      handle: async ({ params, caller }) => ({ items: await manufacturing.acceptSupplier(params.code, caller.actor) }),
    }),
  ];
}
