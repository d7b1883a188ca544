import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Who we buy from, and how many days their deliveries take. */
export const Supplier = defineEntity({
  name: 'Supplier',
  tableName: 'supplier',
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().length(32).unique(),
    name: p.string().length(200),
    leadTimeDays: p.integer().default(7),
    email: p.string().length(200).nullable(),
    phone: p.string().length(40).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: 'supplier_lead_time_positive', expression: 'lead_time_days > 0' }],
});

export type Supplier = InferEntity<typeof Supplier>;
