import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import type { Actor } from '../shared/actor.ts';
import { Product, type ProductKind, type Replenishment } from './product.entity.ts';

/** Fields a client may set on a product. */
export interface ProductInput {
  sku: string;
  name: string;
  nameZh?: string | undefined;
  description?: string | undefined;
  descriptionZh?: string | undefined;
  priceMinor: number;
  currency: string;
  barcode?: string | undefined;
  weightGrams?: number | undefined;
  kind?: ProductKind | undefined;
  category?: string | undefined;
  /** Other names shoppers use, comma-separated, either language: the chat's search finds the product by them. */
  aliases?: string | undefined;
  active?: boolean | undefined;
  /** Accept orders beyond stock as backorders. */
  allowBackorder?: boolean | undefined;
  /** When backordered units are expected (`YYYY-MM-DD`), or null for not known. */
  backorderExpectedAt?: string | null | undefined;
  /** `make_to_order`: units not in stock are made for the order by its active BOM. */
  replenishment?: Replenishment | undefined;
}

export type ProductPatch = Partial<Omit<ProductInput, 'sku'>>;

export interface ProductView {
  sku: string;
  name: string;
  nameZh: string | null;
  description: string | null;
  descriptionZh: string | null;
  priceMinor: number;
  currency: string;
  barcode: string | null;
  weightGrams: number;
  kind: ProductKind;
  category: string | null;
  aliases: string | null;
  active: boolean;
  allowBackorder: boolean;
  backorderExpectedAt: string | null;
  replenishment: Replenishment;
}

export function toProductView(product: Product): ProductView {
  return {
    sku: product.sku, name: product.name, nameZh: product.nameZh ?? null, description: product.description ?? null,
    descriptionZh: product.descriptionZh ?? null, priceMinor: product.priceMinor, currency: product.currency,
    barcode: product.barcode ?? null, weightGrams: product.weightGrams, kind: product.kind, category: product.category ?? null, aliases: product.aliases ?? null,
    active: product.active, allowBackorder: product.allowBackorder, backorderExpectedAt: product.backorderExpectedAt ?? null,
    replenishment: product.replenishment,
  };
}

function duplicate(error: unknown, input: { sku?: string; barcode?: string | undefined }): never {
  if (error instanceof UniqueConstraintViolationException) {
    throw new AppError('already_exists', 'A product with this SKU or barcode already exists', { sku: input.sku, barcode: input.barcode });
  }
  throw error;
}

export async function createProduct(em: EntityManager, input: ProductInput): Promise<ProductView> {
  const product = em.create(Product, {
    ...input, nameZh: input.nameZh ?? null, description: input.description ?? null, descriptionZh: input.descriptionZh ?? null,
    barcode: input.barcode ?? null, category: input.category ?? null, aliases: input.aliases ?? null, weightGrams: input.weightGrams ?? 0,
    kind: input.kind ?? 'goods', active: input.active ?? true, allowBackorder: input.allowBackorder ?? false, backorderExpectedAt: input.backorderExpectedAt ?? null,
    replenishment: input.replenishment ?? 'stock',
  });
  await em.flush().catch((error: unknown) => duplicate(error, input));
  return toProductView(product);
}

export async function getProduct(em: EntityManager, sku: string): Promise<ProductView> {
  const product = await em.findOne(Product, { sku });
  if (!product) throw new AppError('not_found', `No product ${sku}`, { sku });
  return toProductView(product);
}

/**
 * Changes the fields given, with one audit entry naming each field's value before and after
 * (`product.price_changed` when the price is among them, else `product.updated`).
 */
export async function updateProduct(em: EntityManager, sku: string, patch: ProductPatch, actor: Actor): Promise<ProductView> {
  const product = await em.findOne(Product, { sku });
  if (!product) throw new AppError('not_found', `No product ${sku}`, { sku });
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  const was = toProductView(product) as unknown as Record<string, unknown>;
  em.assign(product, defined);
  await em.flush().catch((error: unknown) => duplicate(error, { sku, barcode: patch.barcode }));
  const now = toProductView(product) as unknown as Record<string, unknown>;
  const changed = Object.keys(defined).filter((field) => was[field] !== now[field]);
  if (changed.length > 0) {
    audit(em, actor, {
      entityType: 'product', entityId: sku, action: changed.includes('priceMinor') ? 'product.price_changed' : 'product.updated',
      before: Object.fromEntries(changed.map((field) => [field, was[field]])), after: Object.fromEntries(changed.map((field) => [field, now[field]])),
    });
    await em.flush();
  }
  return toProductView(product);
}

/** Products by SKU, optionally only active ones or one category. */
export async function listProducts(em: EntityManager, filter: { category?: string | undefined; activeOnly?: boolean | undefined } = {}): Promise<ProductView[]> {
  const products = await em.find(Product, {
    ...(filter.category && { category: filter.category }),
    ...(filter.activeOnly && { active: true }),
  }, { orderBy: { sku: 'asc' }, limit: 500 });
  return products.map(toProductView);
}
