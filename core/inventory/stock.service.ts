import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { Product } from '../catalog/index.ts';
import { Warehouse } from './warehouse.entity.ts';
import { addOnHand, recordMovements } from './stock.repository.ts';
import { audit } from '../shared/audit.ts';
import { stockLevels } from './stock.queries.ts';

/** A goods receipt: stock arriving at a warehouse. */
export interface ReceiptInput {
  /** Warehouse code; the default warehouse when absent. */
  warehouse?: string | undefined;
  lines: Array<{ sku: string; quantity: number }>;
  /** What the receipt refers to (a purchase order, a delivery note). */
  reference: string;
  actor: Actor;
}

/** The warehouse with this code, or the default warehouse when no code is given. */
export async function findWarehouse(em: EntityManager, code?: string): Promise<Warehouse> {
  const warehouse = await em.findOne(Warehouse, code ? { code } : { isDefault: true });
  if (!warehouse) throw new AppError('not_found', code ? `Unknown warehouse ${code}` : 'No default warehouse', { warehouse: code });
  return warehouse;
}

/**
 * Raises on-hand stock and writes one `receipt` movement per line, in one transaction.
 * Returns the products received, in line order.
 */
export async function receiveStock(em: EntityManager, input: ReceiptInput): Promise<void> {
  await em.transactional(async (tx) => {
    const warehouse = await findWarehouse(tx, input.warehouse);
    const skus = [...new Set(input.lines.map((line) => line.sku))];
    const products = await tx.find(Product, { sku: { $in: skus } });
    const bySku = new Map(products.map((product) => [product.sku, product]));
    const unknown = skus.filter((sku) => !bySku.has(sku));
    if (unknown.length > 0) throw new AppError('not_found', `Unknown SKU: ${unknown.join(', ')}`, { skus: unknown });
    const before = new Map<string, number>();
    for (const sku of skus) {
      before.set(sku, (await stockLevels(tx, sku)).find((level) => level.warehouse === warehouse.code)?.onHand ?? 0);
    }
    for (const line of input.lines) {
      await addOnHand(tx, warehouse.id, bySku.get(line.sku)!.id, line.quantity);
    }
    for (const sku of skus) {
      const received = input.lines.filter((line) => line.sku === sku).reduce((sum, line) => sum + line.quantity, 0);
      audit(tx, input.actor, {
        entityType: 'stock', entityId: `${warehouse.code}/${sku}`, action: 'stock.received',
        before: { onHand: before.get(sku) }, after: { onHand: before.get(sku)! + received, reference: input.reference },
      });
    }
    await tx.flush();
    await recordMovements(
      tx,
      input.lines.map((line) => ({
        warehouseId: warehouse.id,
        productId: bySku.get(line.sku)!.id,
        kind: 'receipt' as const,
        onHandDelta: line.quantity,
        reservedDelta: 0,
        reference: input.reference,
        actor: input.actor,
      })),
    );
  });
}
