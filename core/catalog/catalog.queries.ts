import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';

/** A product as a shopper browses it: addressed by id (short enough for chat buttons). */
export interface CatalogItem {
  id: number;
  sku: string;
  name: string;
  nameZh: string | null;
  description: string | null;
  descriptionZh: string | null;
  priceMinor: number;
  currency: string;
  category: string | null;
  /** Units that can be ordered now, over all warehouses. */
  available: number;
  /** More may be ordered than `available`: the rest is backordered (expected on `backorderExpectedAt`, when known). */
  allowBackorder: boolean;
  backorderExpectedAt: string | null;
  /** Made to order: units not in stock are made for the order in about this many days (null: sold from stock). */
  madeToOrderDays: number | null;
  /** A bookable service: sold by booking a time for it (`/book`), not by the unit. */
  bookable: boolean;
  /** Sold in cases: at least `minimum`, in steps of `caseSize` (the product's quantity rule); null when sold by the unit. */
  packs: { minimum: number; caseSize: number } | null;
}

export interface CatalogPage {
  items: CatalogItem[];
  page: number;
  pages: number;
}

export const itemColumns = `p.id, p.sku, p.name, p.name_zh, p.description, p.description_zh, p.price_minor, p.currency, p.category,
  p.allow_backorder or p.replenishment = 'make_to_order' as allow_backorder,
  case when p.replenishment = 'make_to_order' then (select b.produce_days from bom b where b.product_id = p.id and b.status = 'active' and b.kind = 'make') end as made_to_order_days,
  to_char(p.backorder_expected_at, 'YYYY-MM-DD') as backorder_expected_at, p.replenishment = 'booking' as bookable,
  coalesce((select sum(s.on_hand - s.reserved) from stock_level s where s.product_id = p.id), 0)::int as available,
  (select json_build_object('minimum', q.minimum, 'caseSize', q.increment) from quantity_rule q where q.product_id = p.id) as packs`;

export function toItem(row: Record<string, any>): CatalogItem {
  return {
    id: row.id, sku: row.sku, name: row.name, nameZh: row.name_zh, description: row.description, descriptionZh: row.description_zh,
    priceMinor: Number(row.price_minor), currency: row.currency, category: row.category, available: row.available,
    allowBackorder: row.allow_backorder, backorderExpectedAt: row.backorder_expected_at, madeToOrderDays: row.made_to_order_days ?? null, packs: row.packs ?? null,
    bookable: row.bookable === true,
  };
}

/** A category of active products, with its names as customers see them (null: none set, show the code). */
export interface CatalogCategory {
  category: string;
  name: string | null;
  nameZh: string | null;
  products: number;
}

/** Categories of active products, alphabetical by code, with their names and how many products each has. */
export async function catalogCategories(em: EntityManager): Promise<CatalogCategory[]> {
  const rows = await em.execute<Array<{ category: string; name: string | null; name_zh: string | null; products: string }>>(
    `select coalesce(p.category, '') as category, c.name, c.name_zh, count(*) as products
       from product p left join product_category c on c.code = p.category where p.active group by 1, 2, 3 order by 1`,
  );
  return rows.map((row) => ({ category: row.category, name: row.name, nameZh: row.name_zh, products: Number(row.products) }));
}

/** One page of a category's active products, by name. `category` '' means products without one. */
export async function catalogPage(em: EntityManager, category: string, page: number, pageSize: number): Promise<CatalogPage> {
  const [count] = await em.execute<Array<{ total: string }>>("select count(*) as total from product p where p.active and coalesce(p.category, '') = ?", [category]);
  const pages = Math.max(1, Math.ceil(Number(count!.total) / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await em.execute<Array<Record<string, any>>>(
    `select ${itemColumns} from product p where p.active and coalesce(p.category, '') = ? order by p.name, p.id limit ? offset ?`,
    [category, pageSize, (current - 1) * pageSize],
  );
  return { items: rows.map(toItem), page: current, pages };
}

/** Active products by id (unknown or inactive ones are left out), in the order asked. */
export async function catalogItems(em: EntityManager, ids: number[]): Promise<CatalogItem[]> {
  if (ids.length === 0) return [];
  const rows = await em.execute<Array<Record<string, any>>>(`select ${itemColumns} from product p where p.active and p.id in (?)`, [ids]);
  const byId = new Map(rows.map((row) => [row.id as number, toItem(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One active product, or `not_found`. */
export async function catalogItem(em: EntityManager, id: number): Promise<CatalogItem> {
  const [item] = await catalogItems(em, [id]);
  if (!item) throw new AppError('not_found', `No product ${id}`, { id });
  return item;
}
