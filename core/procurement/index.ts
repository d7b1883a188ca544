export { Supplier } from './supplier.entity.ts';
export { PurchaseOrder, PurchaseOrderLine, purchaseOrderStatuses, type PurchaseOrderStatus } from './purchase-order.entity.ts';
export type { PurchaseOrderView, PurchaseOrderInput } from './purchase-order.service.ts';
export { purchaseOrderLifecycle } from './purchase-order-state.ts';
export { suggestReorder, type ReorderInputs, type ReorderSuggestion } from './reorder.ts';
export { createProcurementService, type ProcurementService, type SupplierView, type ReorderPolicyInput, type ReorderPolicyView } from './procurement.service.ts';
