import type { EntityManager } from '@mikro-orm/postgresql';
import type { AbcClass } from './reorder-policy.entity.ts';

/** Sales value of one product over the window (minor units). */
export interface ProductValue {
  productId: number;
  sku: string;
  valueMinor: number;
}

/**
 * ABC classes by sales value, pure: products sorted by value (then SKU); a product is A while
 * the products before it make less than 80 % of the total, B while less than 95 %, else C (so
 * A holds about 80 % of the value, B 15 %, C the last 5 %). Products that sold nothing are C.
 */
export function classifyAbc(values: readonly ProductValue[]): Map<number, AbcClass> {
  const sorted = [...values].sort((a, b) => b.valueMinor - a.valueMinor || a.sku.localeCompare(b.sku));
  const total = sorted.reduce((sum, each) => sum + Math.max(0, each.valueMinor), 0);
  const classes = new Map<number, AbcClass>();
  let before = 0;
  for (const each of sorted) {
    const share = total > 0 ? before / total : 1;
    classes.set(each.productId, each.valueMinor <= 0 ? 'C' : share < 0.8 ? 'A' : share < 0.95 ? 'B' : 'C');
    before += Math.max(0, each.valueMinor);
  }
  return classes;
}

/** What a run changed: how many policies are now in each class, and how many moved. */
export interface AbcRun {
  classes: Record<AbcClass, number>;
  changed: number;
}

/**
 * Recomputes the ABC class of every reorder policy not fixed by hand from the last `days` days'
 * sales value of its product (order lines of orders not cancelled or rejected, less units
 * cancelled after a short pick), in one read and one update.
 */
export async function recomputeAbcClasses(tx: EntityManager, now: Date, days = 90): Promise<AbcRun> {
  const rows = await tx.execute<Array<{ product_id: number; sku: string; value: string }>>(
    `select p.id as product_id, p.sku, coalesce(sum((ol.quantity - ol.cancelled) * ol.unit_price_minor)
              filter (where o.status not in ('cancelled', 'rejected') and o.placed_at >= ?::timestamptz - make_interval(days => ?)), 0) as value
       from product p
       left join order_line ol on ol.product_id = p.id
       left join "order" o on o.id = ol.order_id
      where p.id in (select product_id from reorder_policy)
      group by p.id, p.sku`,
    [now, days],
  );
  const classes = classifyAbc(rows.map((row) => ({ productId: Number(row.product_id), sku: row.sku, valueMinor: Number(row.value) })));
  const updated = await tx.execute<Array<{ abc_class: AbcClass; moved: boolean }>>(
    `with computed as (select (e->>'productId')::int as product_id, e->>'abcClass' as abc_class from jsonb_array_elements(?::jsonb) e),
          old as (select r.id, r.abc_class from reorder_policy r where not r.abc_fixed)
     update reorder_policy r set abc_class = c.abc_class from computed c, old
      where r.product_id = c.product_id and old.id = r.id
     returning r.abc_class, old.abc_class <> c.abc_class as moved`,
    [JSON.stringify([...classes].map(([productId, abcClass]) => ({ productId, abcClass })))],
  );
  const counts: Record<AbcClass, number> = { A: 0, B: 0, C: 0 };
  for (const row of updated) counts[row.abc_class] += 1;
  return { classes: counts, changed: updated.filter((row) => row.moved).length };
}
