import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { Product } from './product.entity.ts';
import { PriceList, PriceListItem } from './price-list.entity.ts';
import { QuantityRule } from './quantity-rule.entity.ts';

export interface PriceListInput {
  code: string;
  name: string;
  currency: string;
  /** A list to fall back on (it must have no parent itself). */
  parent?: string | null | undefined;
}

/** An item as set over the API: a product or a category, a fixed price or a discount. */
export interface PriceItemInput {
  sku?: string | undefined;
  category?: string | undefined;
  minQuantity: number;
  unitPriceMinor?: number | undefined;
  discountBasisPoints?: number | undefined;
  validFrom?: Date | undefined;
  validTo?: Date | undefined;
}

export interface PriceListView {
  code: string;
  name: string;
  currency: string;
  parent: string | null;
  items: Array<{ sku: string | null; category: string | null; minQuantity: number; unitPriceMinor: number | null; discountBasisPoints: number | null; validFrom: string; validTo: string | null }>;
}

const epoch = new Date(0);

export async function findPriceList(em: EntityManager, code: string): Promise<PriceList> {
  const list = await em.findOne(PriceList, { code }, { populate: ['parent'] });
  if (!list) throw new AppError('not_found', `No price list ${code}`, { code });
  return list;
}

export async function priceListView(em: EntityManager, list: PriceList): Promise<PriceListView> {
  const items = await em.find(PriceListItem, { priceList: list }, { populate: ['product'], orderBy: { id: 'asc' } });
  return {
    code: list.code, name: list.name, currency: list.currency, parent: list.parent?.code ?? null,
    items: items.map((item) => ({
      sku: item.product?.sku ?? null, category: item.category ?? null, minQuantity: item.minQuantity, unitPriceMinor: item.unitPriceMinor ?? null,
      discountBasisPoints: item.discountBasisPoints ?? null, validFrom: item.validFrom.toISOString(), validTo: item.validTo?.toISOString() ?? null,
    })),
  };
}

/** Creates a list; its parent must exist, be in the same currency and have no parent of its own (one level, no cycles). */
export async function createPriceList(tx: EntityManager, input: PriceListInput, actor: Actor): Promise<PriceList> {
  if (await tx.count(PriceList, { code: input.code })) throw new AppError('already_exists', `Price list ${input.code} exists`, { code: input.code });
  const parent = input.parent ? await findPriceList(tx, input.parent) : null;
  if (parent?.parent) throw new AppError('invalid_input', `${parent.code} falls back on ${parent.parent.code} itself: a list has at most one fallback level`, { parent: parent.code });
  if (parent && parent.currency !== input.currency) throw new AppError('invalid_input', `${parent.code} is in ${parent.currency}, not ${input.currency}`, { parent: parent.code });
  const list = tx.create(PriceList, { code: input.code, name: input.name, currency: input.currency, parent });
  audit(tx, actor, { entityType: 'price_list', entityId: input.code, action: 'price_list.created', after: { ...input } });
  await tx.flush();
  return list;
}

/**
 * Adds (or, for the same product or category, tier and start, replaces) one price. A product
 * price is in the list's currency; a tier of a product with a case rule is a multiple of its case.
 */
export async function setPriceItem(tx: EntityManager, code: string, input: PriceItemInput, actor: Actor): Promise<PriceList> {
  const list = await findPriceList(tx, code);
  if ((input.sku === undefined) === (input.category === undefined)) throw new AppError('invalid_input', 'Give either sku or category');
  if ((input.unitPriceMinor === undefined) === (input.discountBasisPoints === undefined)) throw new AppError('invalid_input', 'Give either unitPriceMinor or discountBasisPoints');
  const product = input.sku === undefined ? null : await tx.findOne(Product, { sku: input.sku });
  if (input.sku !== undefined && !product) throw new AppError('not_found', `No product ${input.sku}`, { sku: input.sku });
  if (product && product.currency !== list.currency) throw new AppError('invalid_input', `${product.sku} is sold in ${product.currency}; list ${code} is in ${list.currency}`, { sku: product.sku });
  const rule = product ? await tx.findOne(QuantityRule, { product }) : null;
  if (rule && input.minQuantity > 1 && input.minQuantity % rule.increment !== 0) {
    throw new AppError('quantity_rule', `${product!.sku} is sold in steps of ${rule.increment}: a price break at ${input.minQuantity} could never be ordered`, { sku: product!.sku, increment: rule.increment });
  }
  const validFrom = input.validFrom ?? epoch;
  if (input.validTo && input.validTo <= validFrom) throw new AppError('invalid_input', 'validTo must be after validFrom');
  const key = { priceList: list, product, category: input.category ?? null, minQuantity: input.minQuantity, validFrom };
  const values = { unitPriceMinor: input.unitPriceMinor ?? null, discountBasisPoints: input.discountBasisPoints ?? null, validTo: input.validTo ?? null };
  const existing = await tx.findOne(PriceListItem, key);
  if (existing) tx.assign(existing, values);
  else tx.create(PriceListItem, { ...key, ...values });
  audit(tx, actor, { entityType: 'price_list', entityId: code, action: 'price_list.item_set', after: { ...input } });
  await tx.flush();
  return list;
}
