import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A place that holds stock. Exactly one warehouse is the default (`MAIN` after migration). */
export const Warehouse = defineEntity({
  name: 'Warehouse',
  tableName: 'warehouse',
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().length(32).unique(),
    name: p.string().length(200),
    nameZh: p.string().length(200).nullable(),
    isDefault: p.boolean().default(false),
    latitude: p.double().nullable(),
    longitude: p.double().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  // At most one default warehouse.
  uniques: [{ name: 'warehouse_single_default', properties: ['isDefault'], where: { isDefault: true } }],
});

export type Warehouse = InferEntity<typeof Warehouse>;
