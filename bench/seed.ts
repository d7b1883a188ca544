import type { MikroORM } from '../core/db.ts';
import { createProduct } from '../core/catalog/index.ts';
import { receiveStock } from '../core/inventory/index.ts';
import { systemActor } from '../core/shared/actor.ts';
import { startProgress } from './progress.ts';

/** What to seed: `count` products `<prefix>-0001`... with `stock` units each. */
export interface SeedOptions {
  prefix: string;
  count: number;
  stock: number;
}

// Products are created this many at a time: faster than one by one, well under the pool size.
const concurrentCreates = 8;

/**
 * Creates the products through the catalog service and receives their stock at the default
 * warehouse in one goods receipt (so the movement ledger is written as in production).
 * Returns the SKUs.
 */
export async function seedProducts(orm: MikroORM, { prefix, count, stock }: SeedOptions): Promise<string[]> {
  const skus = Array.from({ length: count }, (_, index) => `${prefix}-${String(index + 1).padStart(4, '0')}`);
  const progress = startProgress(`seeding ${prefix} products`, count);
  for (let start = 0; start < skus.length; start += concurrentCreates) {
    const batch = skus.slice(start, start + concurrentCreates);
    await Promise.all(batch.map((sku) => createProduct(orm.em.fork(), { sku, name: `Bench ${sku}`, priceMinor: 1000, currency: 'CNY' })));
    progress.advance(batch.length);
  }
  await orm.em.fork().transactional((tx) => receiveStock(tx, { lines: skus.map((sku) => ({ sku, quantity: stock })), reference: 'bench', actor: systemActor }));
  progress.finish();
  return skus;
}
