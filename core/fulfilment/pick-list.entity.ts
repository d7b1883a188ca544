import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Warehouse } from '../inventory/index.ts';
import { Order, OrderLine } from '../orders/index.ts';

export const pickListStatuses = ['open', 'completed'] as const;

/**
 * Confirmed orders of one warehouse batched for one picker, lines sorted by bin. `tokenHash`
 * guards the printable page and its scan box (a link handed to the picker, stored hashed).
 */
export const PickList = defineEntity({
  name: 'PickList',
  tableName: 'pick_list',
  properties: {
    id: p.integer().primary().autoincrement(),
    number: p.string().length(20).unique(),
    warehouse: () => p.manyToOne(Warehouse),
    status: p.enum(pickListStatuses).default('open'),
    tokenHash: p.string().length(64),
    createdBy: p.string().length(100),
    /** Who took the list to pick (the first claim wins). */
    claimedBy: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    completedAt: p.datetime().nullable(),
    lines: () => p.oneToMany(PickListLine).mappedBy('pickList'),
  },
});

/**
 * Units of one order line to pick in one round: where they are, what to scan, how many scanned
 * so far. A line shipping in several rounds (backorders) has one of these per round.
 */
export const PickListLine = defineEntity({
  name: 'PickListLine',
  tableName: 'pick_list_line',
  properties: {
    id: p.integer().primary().autoincrement(),
    pickList: () => p.manyToOne(PickList),
    order: () => p.manyToOne(Order),
    orderLine: () => p.manyToOne(OrderLine).index('pick_list_line_order_line_index'),
    sku: p.string().length(64),
    name: p.string().length(200),
    barcode: p.string().length(32).nullable(),
    bin: p.string().length(32).nullable(),
    quantity: p.integer(),
    scanned: p.integer().default(0),
    /** Units the picker could not find, until staff decide (backorder, ship without, cancel the line). */
    short: p.integer().default(0),
    /** The round it belongs to shipped (or its line was cancelled): no longer picked. */
    closed: p.boolean().default(false),
  },
  checks: [{ name: 'pick_list_line_scanned_range', expression: 'scanned >= 0 and short >= 0 and scanned + short <= quantity' }],
});

export type PickList = InferEntity<typeof PickList>;
export type PickListLine = InferEntity<typeof PickListLine>;
