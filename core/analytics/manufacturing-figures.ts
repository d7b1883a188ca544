import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Production, as things stand when the report is made: production orders past their due date
 * and not done; components the production orders not released yet need beyond what is free at
 * their warehouse (they cannot be released); buys the latest material plan says are late.
 */
export async function manufacturingFigures(em: EntityManager) {
  const [late] = await em.execute<Array<{ count: string }>>(
    `select count(*) from production_order where status in ('draft', 'released', 'in_progress') and due_at < now()`);
  const short = await em.execute<Array<{ sku: string; short: number }>>(
    `with need as (
       select mo.warehouse_id, l.component_id as product_id,
              sum(ceil(mo.quantity_planned::numeric * l.quantity * (10000 + l.scrap_basis_points) / (b.output_quantity * 10000)))::int as quantity
         from production_order mo join bom b on b.id = mo.bom_id join bom_line l on l.bom_id = b.id
        where mo.status = 'draft' group by 1, 2)
     select p.sku, (n.quantity - coalesce(s.on_hand - s.reserved, 0))::int as short
       from need n join product p on p.id = n.product_id left join stock_level s on s.warehouse_id = n.warehouse_id and s.product_id = n.product_id
      where n.quantity > coalesce(s.on_hand - s.reserved, 0) order by p.sku limit 20`);
  const [lateBuys] = await em.execute<Array<{ count: string }>>(`select count(*) from mrp_suggestion where status = 'open' and action = 'buy' and late`);
  return {
    lateProductionOrders: Number(late?.count ?? 0),
    componentsShort: short.map((row) => ({ sku: row.sku, short: row.short })),
    mrpLateBuys: Number(lateBuys?.count ?? 0),
  };
}
