import { z } from 'zod';
import type { CoreServices } from '../../../core/services.ts';
import { operation, type Operation } from './operation.ts';
import { adjustmentSchema, quantityRuleSchema, inventoryQuerySchema, productCreateSchema, productPatchSchema, productSchema, receiptSchema, sku, stockSchema } from './schemas.ts';
import { itemsOf } from './views.ts';

const categoryNamesSchema = z.object({
  name: z.string().trim().min(1).max(100),
  nameZh: z.string().trim().min(1).max(100).nullable().optional(),
}).strict();
const listQuery = z.object({ category: z.string().max(100).optional(), active: z.enum(['true', 'false']).optional() }).strict();
const tag = 'Catalogue and stock';
const product = { sku: sku.meta({ examples: ['TEA-001'] }) };

/** Products and stock: `/products`, `/inventory`, `/inventory/receipts`. */
export function catalogOperations({ catalog, inventory, clock }: CoreServices): Operation[] {
  return [
    operation({
      method: 'post', path: '/products', tag, summary: 'Create a product', permission: 'catalog.write',
      body: productCreateSchema, status: 201, response: productSchema, errors: ['already_exists'],
      example: { sku: 'TEA-001', name: 'Tieguanyin 250 g', nameZh: '铁观音 250 克', priceMinor: 12800, currency: 'CNY', weightGrams: 300, category: 'tea' },
      handle: ({ body, caller }) => catalog.createProduct(body, caller.actor),
    }),
    operation({
      method: 'get', path: '/products', tag, summary: 'List products', permission: null,
      query: listQuery, response: itemsOf(productSchema),
      handle: async ({ query }) => ({ items: await catalog.listProducts({ category: query.category, activeOnly: query.active === 'true' }) }),
    }),
    operation({
      method: 'get', path: '/products/:sku', tag, summary: 'Get a product', permission: null,
      params: product, response: productSchema, errors: ['not_found'],
      handle: ({ params }) => catalog.getProduct(params.sku),
    }),
    operation({
      method: 'patch', path: '/products/:sku', tag, summary: 'Change a product', permission: 'catalog.write',
      params: product, body: productPatchSchema, example: { priceMinor: 11800, active: true },
      response: productSchema, errors: ['not_found', 'already_exists', 'concurrent_update'],
      handle: ({ params, body, caller }) => catalog.updateProduct(params.sku, body, caller.actor),
    }),
    operation({
      method: 'put', path: '/categories/:code', tag, summary: 'Name a category in English and Chinese (what customers see instead of its code)', permission: 'catalog.write',
      params: { code: z.string().trim().min(1).max(100).meta({ examples: ['tea'] }) }, body: categoryNamesSchema, example: { name: 'Tea', nameZh: '茶叶' },
      response: categoryNamesSchema.extend({ code: z.string() }),
      handle: ({ params, body, caller }) => catalog.setCategoryNames(params.code, { name: body.name, nameZh: body.nameZh ?? null }, caller.actor),
    }),
    operation({
      method: 'post', path: '/inventory/receipts', tag, summary: 'Receive stock (raises on-hand through the ledger)', permission: 'stock.receive',
      body: receiptSchema, example: { warehouse: 'SH', reference: 'delivery-2026-12-06', lines: [{ sku: 'TEA-001', quantity: 24 }] },
      status: 201, response: itemsOf(stockSchema), errors: ['not_found'],
      handle: async ({ body, caller }) => ({
        items: await inventory.receiveStock({ warehouse: body.warehouse, lines: body.lines, reference: body.reference ?? `api-receipt-${clock.now().getTime()}`, actor: caller.actor }),
      }),
    }),
    operation({
      method: 'put', path: '/products/:sku/quantity-rule', tag, summary: 'Set a product\'s case-pack rule: at least a minimum, in steps of an increment, at most a maximum', permission: 'catalog.write',
      description: 'Enforced on every channel (API, chat, Slack, quotes): an order line that breaks it is 422 `quantity_rule` with the nearest quantities that keep it. The minimum must be a multiple of the increment; the maximum too. `{"minimum": 1, "increment": 1}` lifts the rule.',
      params: product, body: quantityRuleSchema, example: { minimum: 12, increment: 12, maximum: 600 },
      response: quantityRuleSchema, errors: ['not_found', 'invalid_input'],
      handle: async ({ params, body, caller }) => (await catalog.setQuantityRule(params.sku, { minimum: body.minimum, increment: body.increment, maximum: body.maximum ?? null }, caller.actor))!,
    }),
    operation({
      method: 'post', path: '/inventory/adjustments', tag, summary: 'Correct on-hand stock with a reason (damaged, lost, found); audited', permission: 'stock.adjust',
      description: 'Refused (422) when it would leave less on hand than is reserved for orders.',
      body: adjustmentSchema, example: { warehouse: 'SH', sku: 'TEA-001', delta: -2, reason: 'two tins dented in the warehouse' },
      status: 201, response: z.object({ sku: z.string(), warehouse: z.string(), onHand: z.number().int() }), errors: ['not_found', 'rule_violation'],
      handle: ({ body, caller }) => inventory.adjustStock({ ...body, actor: caller.actor }),
    }),
    operation({
      method: 'get', path: '/inventory', tag, summary: 'Stock per warehouse', permission: null,
      query: inventoryQuerySchema, response: itemsOf(stockSchema),
      handle: async ({ query }) => ({ items: await inventory.stockLevels(query.sku ? [query.sku] : []) }),
    }),
  ];
}
