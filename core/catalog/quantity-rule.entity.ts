import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from './product.entity.ts';

/**
 * How a product may be ordered (case packs): at least `minimum`, in steps of `increment`, at
 * most `maximum`. For every customer for now; price lists will narrow a rule to theirs.
 */
export const QuantityRule = defineEntity({
  name: 'QuantityRule',
  tableName: 'quantity_rule',
  properties: {
    id: p.integer().primary().autoincrement(),
    product: () => p.manyToOne(Product).unique(),
    minimum: p.integer(),
    increment: p.integer(),
    maximum: p.integer().nullable(),
  },
  checks: [{
    name: 'quantity_rule_consistent',
    expression: 'minimum >= 1 and increment >= 1 and increment <= minimum and minimum % increment = 0 and (maximum is null or (maximum >= minimum and maximum % increment = 0))',
  }],
});

export type QuantityRule = InferEntity<typeof QuantityRule>;
