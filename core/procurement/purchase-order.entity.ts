import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { Warehouse } from '../inventory/index.ts';
import { Supplier } from './supplier.entity.ts';

export const purchaseOrderStatuses = ['draft', 'sent', 'partially_received', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

/** Goods ordered from a supplier for one warehouse. Receipts raise stock through the ledger. */
export const PurchaseOrder = defineEntity({
  name: 'PurchaseOrder',
  tableName: 'purchase_order',
  properties: {
    id: p.integer().primary().autoincrement(),
    number: p.string().length(20).unique(),
    supplier: () => p.manyToOne(Supplier),
    warehouse: () => p.manyToOne(Warehouse),
    status: p.enum(purchaseOrderStatuses).default('draft'),
    expectedAt: p.datetime().nullable(),
    createdBy: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
    lines: () => p.oneToMany(PurchaseOrderLine).mappedBy('purchaseOrder'),
  },
  indexes: [{ name: 'purchase_order_status_index', properties: ['status'] }],
});

export const PurchaseOrderLine = defineEntity({
  name: 'PurchaseOrderLine',
  tableName: 'purchase_order_line',
  properties: {
    id: p.integer().primary().autoincrement(),
    purchaseOrder: () => p.manyToOne(PurchaseOrder),
    product: () => p.manyToOne(Product),
    sku: p.string().length(64),
    quantityOrdered: p.integer(),
    quantityReceived: p.integer().default(0),
  },
  uniques: [{ name: 'purchase_order_line_product_unique', properties: ['purchaseOrder', 'product'] }],
  checks: [{ name: 'purchase_order_line_quantities', expression: 'quantity_ordered > 0 and quantity_received >= 0 and quantity_received <= quantity_ordered' }],
});

export type PurchaseOrder = InferEntity<typeof PurchaseOrder>;
export type PurchaseOrderLine = InferEntity<typeof PurchaseOrderLine>;
