import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ProductionOrder } from '../manufacturing/production.entity.ts';
import { OrderLine } from './order.entity.ts';

/**
 * Make-to-order: the production order making `quantity` units for one order line (pegging).
 * Its output is reserved for the line as it is reported; the row goes when the order is
 * cancelled while production runs on (the output then goes to free stock).
 */
export const OrderLineSupply = defineEntity({
  name: 'OrderLineSupply',
  tableName: 'order_line_supply',
  properties: {
    id: p.integer().primary().autoincrement(),
    orderLine: () => p.manyToOne(OrderLine).deleteRule('cascade'),
    productionOrder: () => p.manyToOne(ProductionOrder).unique('order_line_supply_production_order_unique').deleteRule('cascade'),
    quantity: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ name: 'order_line_supply_line_index', properties: ['orderLine'] }],
  checks: [{ name: 'order_line_supply_quantity_positive', expression: 'quantity > 0' }],
});

export type OrderLineSupply = InferEntity<typeof OrderLineSupply>;
