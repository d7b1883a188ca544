import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from '../catalog/index.ts';
import { Warehouse } from './warehouse.entity.ts';
import { actorTypes } from '../shared/actor.ts';

/** `production_consume` / `production_output`: components used and goods made by a production order; `scrap`: stock written off as spoiled; `service_consume`: what a booked service used up. */
export const movementKinds = ['receipt', 'reservation', 'release', 'shipment', 'adjustment', 'transfer', 'production_consume', 'production_output', 'scrap', 'service_consume'] as const;
export type MovementKind = (typeof movementKinds)[number];

/**
 * The stock ledger: one row per change. Invariant: for every (warehouse, product),
 * `on_hand = sum(on_hand_delta)` and `reserved = sum(reserved_delta)`. Rows are never updated.
 */
export const StockMovement = defineEntity({
  name: 'StockMovement',
  tableName: 'stock_movement',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    warehouse: () => p.manyToOne(Warehouse),
    product: () => p.manyToOne(Product),
    kind: p.enum(movementKinds),
    onHandDelta: p.integer().default(0),
    reservedDelta: p.integer().default(0),
    reference: p.string().length(100),
    actorType: p.enum(actorTypes),
    actorId: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    { name: 'stock_movement_reference_index', properties: ['reference'] },
    { name: 'stock_movement_stock_index', properties: ['warehouse', 'product'] },
  ],
});

export type StockMovement = InferEntity<typeof StockMovement>;
