import type { CoreServices } from '../../../core/services.ts';
import { operation, type Operation } from './operation.ts';
import {
  countId, countLinesSchema, countOpenSchema, reorderPolicySchema, transferCreateSchema, transferNumber, warehouseCreateSchema,
} from './inventory.schemas.ts';
import { countView, integrityView, itemsOf, reorderPolicyView, transferView, warehouseView } from './views.ts';

const tag = 'Inventory';
const transfer = { number: transferNumber.meta({ examples: ['TR-000007'] }) };
const count = { id: countId.meta({ examples: [12] }) };

/** `/inventory/...`: warehouses, transfers, stock counts, reorder policies and the integrity check. */
export function inventoryOperations({ inventory, procurement }: CoreServices): Operation[] {
  const transferSteps = [
    ['ship', 'Ship a transfer (stock leaves the sending warehouse)', inventory.shipTransfer],
    ['receive', 'Receive a transfer (stock arrives at the receiving warehouse)', inventory.receiveTransfer],
    ['cancel', 'Cancel a transfer not shipped yet (releases its reservation)', inventory.cancelTransfer],
  ] as const;
  return [
    operation({
      method: 'get', path: '/inventory/warehouses', tag, summary: 'List warehouses', permission: 'stock.read',
      response: itemsOf(warehouseView),
      handle: async ({ caller }) => ({ items: await inventory.listWarehouses(caller.actor) }),
    }),
    operation({
      method: 'post', path: '/inventory/warehouses', tag, summary: 'Create a warehouse', permission: 'warehouse.admin',
      body: warehouseCreateSchema, example: { code: 'BJ', name: 'Beijing', nameZh: '北京仓', latitude: 39.9, longitude: 116.4 },
      status: 201, response: warehouseView, errors: ['already_exists'],
      handle: ({ body, caller }) => inventory.createWarehouse(body, caller.actor),
    }),
    operation({
      method: 'post', path: '/inventory/transfers', tag, summary: 'Move stock between warehouses (reserved at the sender)', permission: 'stock.transfer',
      body: transferCreateSchema, example: { from: 'SH', to: 'BJ', lines: [{ sku: 'TEA-001', quantity: 10 }] },
      status: 201, response: transferView, errors: ['not_found', 'insufficient_stock', 'rule_violation'],
      handle: ({ body, caller }) => inventory.createTransfer({ ...body, actor: caller.actor }),
    }),
    operation({
      method: 'get', path: '/inventory/transfers/:number', tag, summary: 'Get a transfer', permission: 'stock.read',
      params: transfer, response: transferView, errors: ['not_found'],
      handle: ({ params, caller }) => inventory.getTransfer(params.number, caller.actor),
    }),
    ...transferSteps.map(([action, summary, step]) => operation({
      method: 'post', path: `/inventory/transfers/:number/${action}`, tag, summary, permission: 'stock.transfer',
      params: transfer, response: transferView, errors: ['not_found', 'invalid_transition', 'concurrent_update'],
      handle: ({ params, caller }) => step(params.number, caller.actor),
    })),
    operation({
      method: 'post', path: '/inventory/counts', tag, summary: 'Open a stock count (a warehouse, some SKUs or an ABC class)', permission: 'stock.count',
      body: countOpenSchema, example: { warehouse: 'SH', abcClass: 'A' },
      status: 201, response: countView, errors: ['not_found', 'rule_violation'],
      handle: ({ body, caller }) => inventory.openCount({ ...body, actor: caller.actor }),
    }),
    operation({
      method: 'get', path: '/inventory/counts/:id', tag, summary: 'Get a stock count with its variances', permission: 'stock.read',
      params: count, response: countView, errors: ['not_found'],
      handle: ({ params, caller }) => inventory.getCount(params.id, caller.actor),
    }),
    operation({
      method: 'put', path: '/inventory/counts/:id/lines', tag, summary: 'Record counted quantities', permission: 'stock.count',
      params: count, body: countLinesSchema, example: { lines: [{ sku: 'TEA-001', counted: 23 }] },
      response: countView, errors: ['not_found', 'invalid_transition', 'rule_violation'],
      handle: ({ params, body, caller }) => inventory.recordCounted(params.id, body.lines, caller.actor),
    }),
    operation({
      method: 'post', path: '/inventory/counts/:id/approve', tag, summary: 'Approve a count: post its variances to the ledger', permission: 'stock.adjust',
      params: count, response: countView, errors: ['not_found', 'invalid_transition', 'rule_violation'],
      handle: ({ params, caller }) => inventory.approveCount(params.id, caller.actor),
    }),
    operation({
      method: 'put', path: '/inventory/reorder-policies', tag, summary: 'Set the reorder point of a SKU in a warehouse', permission: 'stock.adjust',
      body: reorderPolicySchema, example: { warehouse: 'SH', sku: 'TEA-001', reorderPoint: 20, safetyStock: 5, reorderQuantity: 48, supplier: 'FUJIAN-TEA' },
      response: reorderPolicyView, errors: ['not_found'],
      handle: ({ body, caller }) => procurement.setReorderPolicy(body, caller.actor),
    }),
    operation({
      method: 'get', path: '/inventory/integrity', tag, summary: 'Stock levels that disagree with the ledger or with open reservations', permission: 'stock.read',
      response: integrityView,
      handle: async ({ caller }) => {
        const mismatches = await inventory.integrityMismatches(caller.actor);
        return { ok: mismatches.length === 0, mismatches };
      },
    }),
  ];
}
