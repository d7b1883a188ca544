import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { Product } from '../catalog/index.ts';
import { Warehouse } from './warehouse.entity.ts';
import { addOnHand, recordMovements } from './stock.repository.ts';
import { audit } from '../shared/audit.ts';

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
 * Raises on-hand stock in one transaction: per SKU one upsert, one `receipt` movement and one
 * audit entry with the on-hand quantity before and after.
 */
export async function receiveStock(em: EntityManager, input: ReceiptInput): Promise<void> {
  await em.transactional(async (tx) => {
    const warehouse = await findWarehouse(tx, input.warehouse);
    const received = new Map<string, number>();
    for (const line of input.lines) received.set(line.sku, (received.get(line.sku) ?? 0) + line.quantity);
    const products = await tx.find(Product, { sku: { $in: [...received.keys()] } });
    const bySku = new Map(products.map((product) => [product.sku, product]));
    const unknown = [...received.keys()].filter((sku) => !bySku.has(sku));
    if (unknown.length > 0) throw new AppError('not_found', `Unknown SKU: ${unknown.join(', ')}`, { skus: unknown });

    for (const [sku, quantity] of received) {
      const onHand = await addOnHand(tx, warehouse.id, bySku.get(sku)!.id, quantity);
      audit(tx, input.actor, {
        entityType: 'stock', entityId: `${warehouse.code}/${sku}`, action: 'stock.received',
        before: { onHand: onHand - quantity }, after: { onHand, reference: input.reference },
      });
    }
    await tx.flush();
    await recordMovements(tx, [...received].map(([sku, quantity]) => ({
      warehouseId: warehouse.id, productId: bySku.get(sku)!.id, kind: 'receipt' as const,
      onHandDelta: quantity, reservedDelta: 0, reference: input.reference, actor: input.actor,
    })));
  });
}
