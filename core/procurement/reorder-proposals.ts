import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { Product } from '../catalog/index.ts';
import { findWarehouse, ReorderPolicy, type AbcClass } from '../inventory/index.ts';
import { Supplier } from './supplier.entity.ts';
import { suggestReorder, type ReorderSuggestion } from './reorder.ts';
import { createPurchaseOrder, type PurchaseOrderView } from './purchase-order.service.ts';

/** Sets (or replaces) the reorder policy of one product at one warehouse; an ABC class given here is fixed (`auto`: computed again). A kit has none (its parts are stocked). */
export async function setReorderPolicy(em: EntityManager, input: {
  warehouse?: string | undefined; sku: string; reorderPoint: number; safetyStock?: number | undefined;
  reorderQuantity?: number | null | undefined; supplier?: string | undefined; abcClass?: AbcClass | 'auto' | undefined;
  minOrderQuantity?: number | undefined; orderMultiple?: number | undefined;
}): Promise<ReorderPolicy> {
  const warehouse = await findWarehouse(em, input.warehouse);
  const product = await em.findOne(Product, { sku: input.sku });
  if (!product) throw new AppError('unknown_product', `Unknown SKU: ${input.sku}`, { skus: [input.sku] });
  const [kit] = await em.execute<Array<{ id: number }>>(`select id from bom where product_id = ? and status = 'active' and kind = 'kit'`, [product.id]);
  if (kit) throw new AppError('rule_violation', `${input.sku} is a kit: it is never stocked, its parts are`, { sku: input.sku });
  const supplier = input.supplier ? await em.findOne(Supplier, { code: input.supplier }) : null;
  if (input.supplier && !supplier) throw new AppError('not_found', `No supplier ${input.supplier}`, { supplier: input.supplier });
  const policy = (await em.findOne(ReorderPolicy, { warehouse, product })) ?? em.create(ReorderPolicy, { warehouse, product, reorderPoint: input.reorderPoint });
  em.assign(policy, {
    reorderPoint: input.reorderPoint, safetyStock: input.safetyStock ?? 0, reorderQuantity: input.reorderQuantity ?? null,
    supplierId: supplier?.id ?? policy.supplierId ?? null,
    minOrderQuantity: input.minOrderQuantity ?? policy.minOrderQuantity ?? 1, orderMultiple: input.orderMultiple ?? policy.orderMultiple ?? 1,
    // A class given by hand stays until `auto` hands it back to the weekly run.
    ...(input.abcClass === 'auto' ? { abcFixed: false } : input.abcClass ? { abcClass: input.abcClass, abcFixed: true } : {}),
  });
  await em.flush();
  return policy;
}

/** Demand history, stock and what is on order for one product at one warehouse, and the suggestion. */
export async function reorderSuggestion(em: EntityManager, policy: ReorderPolicy, now: Date): Promise<ReorderSuggestion & { supplierId: number | null }> {
  const warehouseId = policy.warehouse.id;
  const productId = policy.product.id;
  const [demand] = await em.execute<Array<{ last28: string; ahead: string; before: string }>>(
    `select coalesce(sum(ol.quantity) filter (where o.placed_at >= ?::timestamptz - interval '28 days'), 0) as last28,
            coalesce(sum(ol.quantity) filter (where o.placed_at >= ?::timestamptz - interval '1 year' and o.placed_at < ?::timestamptz - interval '1 year' + interval '28 days'), 0) as ahead,
            coalesce(sum(ol.quantity) filter (where o.placed_at >= ?::timestamptz - interval '1 year' - interval '28 days' and o.placed_at < ?::timestamptz - interval '1 year'), 0) as before
       from order_line ol join "order" o on o.id = ol.order_id
      where ol.warehouse_id = ? and ol.product_id = ? and o.status not in ('cancelled', 'rejected')
        and o.placed_at >= ?::timestamptz - interval '1 year' - interval '28 days'`,
    [now, now, now, now, now, warehouseId, productId, now],
  );
  const [stock] = await em.execute<Array<{ available: number | null; on_order: string }>>(
    `select (select on_hand - reserved from stock_level where warehouse_id = ? and product_id = ?) as available,
            (select coalesce(sum(l.quantity_ordered - l.quantity_received), 0) from purchase_order_line l join purchase_order po on po.id = l.purchase_order_id
              where po.warehouse_id = ? and l.product_id = ? and po.status in ('draft', 'sent', 'partially_received')) as on_order`,
    [warehouseId, productId, warehouseId, productId],
  );
  const supplier = policy.supplierId ? await em.findOne(Supplier, { id: policy.supplierId }) : null;
  return {
    ...suggestReorder({
      reorderPoint: policy.reorderPoint, safetyStock: policy.safetyStock, reorderQuantity: policy.reorderQuantity ?? null,
      leadTimeDays: supplier?.leadTimeDays ?? 7, demandLast28Days: Number(demand!.last28), lastYearAhead: Number(demand!.ahead),
      lastYearBefore: Number(demand!.before), available: stock!.available ?? 0, onOrder: Number(stock!.on_order),
    }),
    supplierId: supplier?.id ?? null,
  };
}

async function policyOf(em: EntityManager, warehouseId: number, productId: number): Promise<ReorderPolicy> {
  const policy = await em.findOne(ReorderPolicy, { warehouse: warehouseId, product: productId }, { populate: ['warehouse', 'product'] });
  if (!policy) throw new AppError('not_found', 'No reorder policy for this product at this warehouse', { warehouseId, productId });
  return policy;
}

/** The "Create purchase order" button: a draft for the suggested quantity from the policy's supplier. */
export async function draftFromPolicy(em: EntityManager, warehouseId: number, productId: number, actor: Actor, now: Date): Promise<PurchaseOrderView> {
  const policy = await policyOf(em, warehouseId, productId);
  const suggestion = await reorderSuggestion(em, policy, now);
  if (!suggestion.supplierId) throw new AppError('rule_violation', `No supplier set for ${policy.product.sku} at ${policy.warehouse.code}`, { sku: policy.product.sku });
  const supplier = await em.findOneOrFail(Supplier, { id: suggestion.supplierId });
  return createPurchaseOrder(em, { supplier: supplier.code, warehouse: policy.warehouse.code, lines: [{ sku: policy.product.sku, quantity: suggestion.quantity }], actor }, now);
}

/**
 * The daily reorder run: every policy whose available + on order is below its point gets its
 * suggested quantity, one draft purchase order per supplier and warehouse. Products material
 * planning plans (made by an active BOM, or a component of one) are left to it, so two
 * mechanisms never order the same thing.
 */
export async function proposePurchaseOrders(em: EntityManager, actor: Actor, now: Date): Promise<PurchaseOrderView[]> {
  const planned = await em.execute<Array<{ id: number }>>(
    `select b.product_id as id from bom b where b.status = 'active' union select l.component_id from bom_line l join bom b on b.id = l.bom_id where b.status = 'active'`,
  );
  const policies = await em.find(ReorderPolicy, { supplierId: { $ne: null }, product: { $nin: planned.map((row) => row.id) } }, { populate: ['warehouse', 'product'], orderBy: { id: 'asc' } });
  const groups = new Map<string, { supplierId: number; warehouse: string; lines: Array<{ sku: string; quantity: number }> }>();
  for (const policy of policies) {
    const suggestion = await reorderSuggestion(em, policy, now);
    if (!suggestion.belowPoint || !suggestion.supplierId) continue;
    const key = `${suggestion.supplierId}/${policy.warehouse.code}`;
    const group = groups.get(key) ?? { supplierId: suggestion.supplierId, warehouse: policy.warehouse.code, lines: [] };
    group.lines.push({ sku: policy.product.sku, quantity: suggestion.quantity });
    groups.set(key, group);
  }
  const created: PurchaseOrderView[] = [];
  for (const group of groups.values()) {
    const supplier = await em.findOneOrFail(Supplier, { id: group.supplierId });
    created.push(await createPurchaseOrder(em, { supplier: supplier.code, warehouse: group.warehouse, lines: group.lines, actor }, now));
  }
  return created;
}
