import type { ProcurementService } from '../../../core/procurement/index.ts';
import { operation, type Operation } from './operation.ts';
import { purchaseOrderCreateSchema, purchaseOrderListSchema, purchaseOrderNumber, receiptLinesSchema, supplierCreateSchema } from './inventory.schemas.ts';
import { itemsOf, purchaseOrderView, supplierView } from './views.ts';

const tag = 'Purchasing';
const number = { number: purchaseOrderNumber.meta({ examples: ['PO-000003'] }) };

/** `/suppliers` and `/purchase-orders`: drafts, sending, receipts (partial allowed), cancelling, proposals. */
export function procurementOperations(procurement: ProcurementService): Operation[] {
  const steps = [
    ['send', 'sent', 'Mark a draft purchase order sent'],
    ['cancel', 'cancelled', 'Cancel a purchase order not received yet'],
  ] as const;
  return [
    operation({
      method: 'post', path: '/suppliers', tag, summary: 'Create a supplier', permission: 'purchase.create',
      body: supplierCreateSchema, example: { code: 'FUJIAN-TEA', name: 'Fujian Tea Co.', leadTimeDays: 7, email: 'orders@fujian-tea.example' },
      status: 201, response: supplierView, errors: ['already_exists'],
      handle: ({ body, caller }) => procurement.createSupplier(body, caller.actor),
    }),
    operation({
      method: 'get', path: '/suppliers', tag, summary: 'List suppliers', permission: 'stock.read',
      response: itemsOf(supplierView),
      handle: async ({ caller }) => ({ items: await procurement.listSuppliers(caller.actor) }),
    }),
    operation({
      method: 'post', path: '/purchase-orders', tag, summary: 'Draft a purchase order', permission: 'purchase.create',
      body: purchaseOrderCreateSchema, example: { supplier: 'FUJIAN-TEA', warehouse: 'SH', lines: [{ sku: 'TEA-001', quantity: 48 }], expectedAt: '2026-12-20T09:00:00+08:00' },
      status: 201, response: purchaseOrderView, errors: ['not_found'],
      handle: ({ body, caller }) => procurement.createPurchaseOrder({ ...body, expectedAt: body.expectedAt ? new Date(body.expectedAt) : undefined, actor: caller.actor }),
    }),
    operation({
      method: 'get', path: '/purchase-orders', tag, summary: 'List purchase orders', permission: 'stock.read',
      query: purchaseOrderListSchema, response: itemsOf(purchaseOrderView),
      handle: async ({ query, caller }) => ({ items: await procurement.listPurchaseOrders(query.status, caller.actor) }),
    }),
    operation({
      method: 'post', path: '/purchase-orders/proposals', tag, summary: 'The reorder run: a draft per supplier and warehouse for everything below its point', permission: 'purchase.create',
      status: 201, response: itemsOf(purchaseOrderView),
      handle: async ({ caller }) => ({ items: await procurement.proposePurchaseOrders(caller.actor) }),
    }),
    operation({
      method: 'get', path: '/purchase-orders/:number', tag, summary: 'Get a purchase order', permission: 'stock.read',
      params: number, response: purchaseOrderView, errors: ['not_found'],
      handle: ({ params, caller }) => procurement.getPurchaseOrder(params.number, caller.actor),
    }),
    ...steps.map(([action, to, summary]) => operation({
      method: 'post', path: `/purchase-orders/:number/${action}`, tag, summary, permission: 'purchase.create',
      params: number, response: purchaseOrderView, errors: ['not_found', 'invalid_transition', 'concurrent_update'],
      handle: ({ params, caller }) => procurement.changeStatus(params.number, to, caller.actor),
    })),
    operation({
      method: 'post', path: '/purchase-orders/:number/receipts', tag, summary: 'Receive goods against a purchase order (partial allowed, never more than ordered)', permission: 'purchase.receive',
      params: number, body: receiptLinesSchema, example: { lines: [{ sku: 'TEA-001', quantity: 24 }] },
      status: 201, response: purchaseOrderView, errors: ['not_found', 'invalid_transition', 'rule_violation'],
      handle: ({ params, body, caller }) => procurement.receive(params.number, body.lines, caller.actor),
    }),
  ];
}
