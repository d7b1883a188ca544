import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Warehouse } from './warehouse.entity.ts';

export const transferStatuses = ['reserved', 'in_transit', 'received', 'cancelled'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

/** One product on a transfer. */
export interface TransferLine {
  productId: number;
  sku: string;
  quantity: number;
}

/**
 * Stock moving between warehouses: reserved at the source when created, leaving it when
 * shipped (in transit, counted nowhere), arriving at the destination when received.
 */
export const StockTransfer = defineEntity({
  name: 'StockTransfer',
  tableName: 'stock_transfer',
  properties: {
    id: p.integer().primary().autoincrement(),
    number: p.string().length(20).unique(),
    fromWarehouse: () => p.manyToOne(Warehouse),
    toWarehouse: () => p.manyToOne(Warehouse),
    status: p.enum(transferStatuses).default('reserved'),
    lines: p.json<TransferLine[]>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    shippedAt: p.datetime().nullable(),
    receivedAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'stock_transfer_status_index', properties: ['status'] }],
});

export type StockTransfer = InferEntity<typeof StockTransfer>;
