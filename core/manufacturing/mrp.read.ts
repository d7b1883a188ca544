import type { EntityManager } from '@mikro-orm/postgresql';
import { componentNeed } from './bom-explosion.ts';
import type { BuyRule, Flow, PlanBom, PlanInput } from './mrp.ts';

/** Products planning looks after: made by an active BOM, or part of one. */
export const plannedProducts = `select b.product_id as id from bom b where b.status = 'active'
  union select l.component_id from bom_line l join bom b on b.id = l.bom_id where b.status = 'active'`;

const reserving = `('pending_approval', 'credit_hold', 'confirmed', 'picking', 'packed', 'partially_shipped')`;
const open = `('draft', 'released', 'in_progress')`;

/**
 * Everything a planning run nets, read in the caller's (repeatable-read) transaction, so every
 * figure is of one moment:
 * - free units (`on_hand − reserved`: reserved already covers allocated demand, it is not subtracted twice);
 * - receipts: open purchase order lines (`ordered − received`, drafts included: an accepted
 *   suggestion counts from then on) at their expected date; open production orders' remaining
 *   output at their due date, unless it supplies an order line (that output is the line's);
 * - demands within the horizon: units order lines wait for (less what the production orders
 *   supplying them will still bring) at the order's promise date; the components of production orders not
 *   released yet (released ones hold reservations) at their start date.
 * A production order closed short or cancelled adds nothing.
 */
export async function readPlan(tx: EntityManager, now: Date, horizonDays: number): Promise<Omit<PlanInput, 'today'>> {
  const until = new Date(now.getTime() + horizonDays * 86_400_000);
  const bomRows = await tx.execute<Array<{ id: number; product_id: number; kind: 'make' | 'kit'; output_quantity: number; produce_days: number; component_id: number; quantity: number; scrap_basis_points: number }>>(
    `select b.id, b.product_id, b.kind, b.output_quantity, b.produce_days, l.component_id, l.quantity, l.scrap_basis_points
       from bom b join bom_line l on l.bom_id = b.id where b.status = 'active' order by b.id, l.sequence, l.id`,
  );
  const boms = new Map<number, PlanBom>();
  for (const row of bomRows) {
    const bom = boms.get(row.product_id) ?? { bomId: row.id, productId: row.product_id, kind: row.kind, outputQuantity: row.output_quantity, produceDays: row.produce_days, lines: [] };
    bom.lines.push({ componentId: row.component_id, quantity: row.quantity, scrapBasisPoints: row.scrap_basis_points });
    boms.set(row.product_id, bom);
  }
  const levels = await tx.execute<Array<{ product_id: number; warehouse_id: number; available: number }>>(
    `select product_id, warehouse_id, on_hand - reserved as available from stock_level where product_id in (${plannedProducts})`,
  );
  const rules = await tx.execute<Array<{ product_id: number; warehouse_id: number; supplier_id: number | null; lead_time_days: number | null; safety_stock: number; min_order_quantity: number; order_multiple: number }>>(
    `select r.product_id, r.warehouse_id, r.supplier_id, s.lead_time_days, r.safety_stock, r.min_order_quantity, r.order_multiple
       from reorder_policy r left join supplier s on s.id = r.supplier_id where r.product_id in (${plannedProducts})`,
  );
  const receipts = await tx.execute<Array<{ product_id: number; warehouse_id: number; quantity: number; at: Date; source: string }>>(
    `select l.product_id, po.warehouse_id, l.quantity_ordered - l.quantity_received as quantity, coalesce(po.expected_at, ?) as at, po.number as source
       from purchase_order_line l join purchase_order po on po.id = l.purchase_order_id
      where po.status in ('draft', 'sent', 'partially_received') and l.quantity_ordered > l.quantity_received and l.product_id in (${plannedProducts})
     union all
     select mo.product_id, mo.warehouse_id, mo.quantity_planned - mo.quantity_good - mo.quantity_scrapped, coalesce(mo.due_at, ?), mo.number
       from production_order mo where mo.status in ${open} and not exists (select 1 from order_line_supply s where s.production_order_id = mo.id) and mo.quantity_planned > mo.quantity_good + mo.quantity_scrapped`,
    [now, now],
  );
  const waiting = await tx.execute<Array<{ product_id: number; warehouse_id: number; quantity: number; at: Date; source: string }>>(
    `select ol.product_id, ol.warehouse_id, ol.backordered - coalesce((select sum(mo.quantity_planned - mo.quantity_good - mo.quantity_scrapped)
              from order_line_supply s join production_order mo on mo.id = s.production_order_id where s.order_line_id = ol.id and mo.status in ${open}), 0) as quantity,
            coalesce(o.promised_at, o.placed_at) as at, o.number as source
       from order_line ol join "order" o on o.id = ol.order_id
      where ol.backordered > 0 and o.status in ${reserving} and ol.product_id in (${plannedProducts}) and coalesce(o.promised_at, o.placed_at) <= ?`,
    [until],
  );
  const drafts = await tx.execute<Array<{ number: string; warehouse_id: number; planned: number; at: Date; output_quantity: number; component_id: number; quantity: number; scrap_basis_points: number }>>(
    `select mo.number, mo.warehouse_id, mo.quantity_planned as planned, coalesce(mo.start_by, mo.due_at, ?) as at, b.output_quantity, l.component_id, l.quantity, l.scrap_basis_points
       from production_order mo join bom b on b.id = mo.bom_id join bom_line l on l.bom_id = b.id
      where mo.status = 'draft' and coalesce(mo.start_by, mo.due_at, ?) <= ?`,
    [now, now, until],
  );
  return {
    boms,
    available: new Map(levels.map((row) => [`${row.product_id}/${row.warehouse_id}`, row.available])),
    rules: rules.map((row): BuyRule => ({
      productId: row.product_id, warehouseId: row.warehouse_id, supplierId: row.supplier_id, leadTimeDays: row.lead_time_days ?? defaultLeadTimeDays,
      safetyStock: row.safety_stock, minimum: row.min_order_quantity, multiple: row.order_multiple,
    })),
    receipts: receipts.map(flow),
    demands: [
      ...waiting.filter((row) => Number(row.quantity) > 0).map(flow),
      ...drafts.map((row) => ({
        productId: row.component_id, warehouseId: row.warehouse_id, at: new Date(row.at), source: row.number,
        quantity: componentNeed(row.planned, { quantity: row.quantity, scrapBasisPoints: row.scrap_basis_points }, row.output_quantity),
      })),
    ],
    defaultLeadTimeDays,
  };
}

/** A receipt or demand row as the planner reads it. */
function flow(row: { product_id: number; warehouse_id: number; quantity: number; at: Date; source: string }): Flow {
  return { productId: row.product_id, warehouseId: row.warehouse_id, quantity: Number(row.quantity), at: new Date(row.at), source: row.source };
}

/** A bought product with no supplier set is planned with this lead time. */
const defaultLeadTimeDays = 7;
