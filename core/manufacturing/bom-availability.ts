import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { Product } from '../catalog/index.ts';
import { findWarehouse } from '../inventory/index.ts';
import { activeFacts } from './bom.service.ts';
import { explode, type BomFacts } from './bom-explosion.ts';

/** A product's active BOM against a warehouse's free stock: what `quantity` needs, and how many can be made now. */
export interface BomAvailability {
  sku: string;
  name: string;
  version: number;
  outputQuantity: number;
  produceDays: number;
  warehouse: string;
  quantity: number;
  components: Array<{ sku: string; name: string; need: number; available: number; short: number }>;
  /** The most good units the free stock makes now (kits exploded, scrap counted). */
  canMake: number;
}

/** The largest `n` for which every component's need is free (needs grow with `n`, so a binary search finds it). */
function mostMakeable(productId: number, boms: ReadonlyMap<number, BomFacts>, available: ReadonlyMap<number, number>): number {
  const fits = (made: number) => [...explode(productId, made, boms, 'order')].every(([id, need]) => need <= (available.get(id) ?? 0));
  let low = 0;
  let high = 1;
  while (fits(high) && high < 1_000_000_000) high *= 2;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  return fits(high) ? high : low;
}

/** `/bom GB-01 50`: the active BOM's components for 50 against the (default) warehouse's free stock. */
export async function bomAvailability(em: EntityManager, sku: string, quantity: number, warehouseCode?: string): Promise<BomAvailability> {
  const product = await em.findOne(Product, { sku });
  if (!product) throw new AppError('not_found', `No product ${sku}`, { sku });
  const boms = await activeFacts(em);
  const bom = boms.get(product.id);
  if (!bom) throw new AppError('not_found', `${sku} has no active BOM`, { sku });
  const warehouse = await findWarehouse(em, warehouseCode);
  const needs = explode(product.id, quantity, boms, 'order');
  const rows = await em.execute<Array<{ id: number; sku: string; name: string; available: number | null }>>(
    `select p.id, p.sku, p.name, s.on_hand - s.reserved as available from product p left join stock_level s on s.product_id = p.id and s.warehouse_id = ?
      where p.id in (?) order by p.sku`,
    [warehouse.id, [...explode(product.id, 1, boms, 'order').keys()]],
  );
  const available = new Map(rows.map((row) => [row.id, Math.max(0, row.available ?? 0)]));
  const [active] = await em.execute<Array<{ version: number; produce_days: number }>>(`select version, produce_days from bom where product_id = ? and status = 'active'`, [product.id]);
  return {
    sku: product.sku, name: product.name, version: active!.version, outputQuantity: bom.outputQuantity, produceDays: active!.produce_days, warehouse: warehouse.code, quantity,
    components: rows.map((row) => {
      const need = needs.get(row.id) ?? 0;
      return { sku: row.sku, name: row.name, need, available: available.get(row.id)!, short: Math.max(0, need - available.get(row.id)!) };
    }),
    canMake: mostMakeable(product.id, boms, available),
  };
}
