export { Supplier } from './supplier.entity.ts';
export { PurchaseOrder, PurchaseOrderLine, purchaseOrderStatuses, type PurchaseOrderStatus } from './purchase-order.entity.ts';
export {
  createSupplier, createPurchaseOrder, changePurchaseOrderStatus, receivePurchaseOrder, getPurchaseOrder, listPurchaseOrders,
  type PurchaseOrderView,
} from './purchase-order.service.ts';
export { suggestReorder, type ReorderInputs, type ReorderSuggestion } from './reorder.ts';
export { setReorderPolicy, reorderSuggestion, draftFromPolicy, proposePurchaseOrders } from './reorder-proposals.ts';
