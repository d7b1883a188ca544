import { z } from 'zod';
import type { ManufacturingService } from '../../../core/manufacturing/index.ts';
import { bomKinds } from '../../../core/manufacturing/index.ts';
import { operation, type Operation } from './operation.ts';
import { quantity, sku } from './schemas.ts';

const tag = 'Manufacturing';
const bomId = { id: z.coerce.number().int().positive().meta({ examples: [1] }) };
const bomLines = z.array(z.object({
  sku, quantity: z.number().int().positive().max(1_000_000_000).describe('Units of the component per batch'),
  scrapBasisPoints: z.number().int().min(0).max(5000).optional().describe('Expected loss of this component: 500 = 5 %'),
}).strict()).min(1).max(200);
const bomCreate = z.object({
  sku, kind: z.enum(bomKinds).optional().describe('make (default), or kit: a bundle exploded in place wherever it is needed'),
  outputQuantity: z.number().int().positive().max(1_000_000).describe('Units one batch makes'), produceDays: z.number().int().min(0).max(365).optional(), lines: bomLines,
}).strict();
const bomPatch = bomCreate.omit({ sku: true }).partial().strict().refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field to change' });
const bomSchema = z.object({
  id: z.number().int(), sku: z.string(), version: z.number().int(), status: z.string(), kind: z.string(), outputQuantity: z.number().int(), produceDays: z.number().int(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), scrapBasisPoints: z.number().int() })), activatedAt: z.string().nullable(),
});
const example = { sku: 'CHAIR', outputQuantity: 4, lines: [{ sku: 'OAK-BOARD', quantity: 6 }, { sku: 'VARNISH-G', quantity: 1000, scrapBasisPoints: 500 }] };

/** Bills of materials: drafts, versions, activation (cycles refused) and what making a product takes. */
export function manufacturingOperations(manufacturing: ManufacturingService): Operation[] {
  return [
    operation({
      method: 'post', path: '/boms', tag, summary: 'Create a BOM as a new draft version of its product\'s', permission: 'catalog.write',
      body: bomCreate, example, status: 201, response: bomSchema, errors: ['not_found', 'invalid_input'],
      handle: ({ body, caller }) => manufacturing.createBom(body, caller.actor),
    }),
    operation({
      method: 'patch', path: '/boms/:id', tag, summary: 'Change a draft BOM (an active one never changes: 409)', permission: 'catalog.write',
      params: bomId, body: bomPatch, example: { outputQuantity: 5 }, response: bomSchema, errors: ['not_found', 'invalid_transition', 'invalid_input'],
      handle: ({ params, body, caller }) => manufacturing.updateBom(params.id, body, caller.actor),
    }),
    operation({
      method: 'post', path: '/boms/:id/activate', tag, summary: 'Activate a draft BOM (the product\'s active one is archived)', permission: 'catalog.write',
      description: 'Refused with 422 `bom_cycle` (the SKUs around the loop in `details.path`) when it would make a product need itself.',
      params: bomId, response: bomSchema, errors: ['not_found', 'invalid_transition', 'bom_cycle'],
      handle: ({ params, caller }) => manufacturing.activateBom(params.id, caller.actor),
    }),
    operation({
      method: 'get', path: '/boms/:id', tag, summary: 'A BOM', permission: 'stock.read',
      params: bomId, response: bomSchema, errors: ['not_found'],
      handle: ({ params, caller }) => manufacturing.getBom(params.id, caller.actor),
    }),
    operation({
      method: 'get', path: '/products/:sku/requirements', tag, summary: 'What making a quantity of a product takes, by the active BOMs', permission: 'stock.read',
      description: 'Whole units, scrap included (`ceil(made × qty × (1 + scrap) / batch)`). `levels=order`: the components a production order reserves (kits exploded in place); `levels=all`: down every level, a material shared by several branches added up.',
      params: { sku: sku.meta({ examples: ['CHAIR'] }) }, query: z.object({ quantity: z.coerce.number().pipe(quantity).optional().describe('Good units to make (default 1)'), levels: z.enum(['order', 'all']).default('order') }).strict(),
      response: z.object({ items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int() })) }), errors: ['not_found'],
      handle: async ({ params, query, caller }) => ({ items: await manufacturing.requirements(params.sku, query.quantity ?? 1, query.levels, caller.actor) }),
    }),
  ];
}
