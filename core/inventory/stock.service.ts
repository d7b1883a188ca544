import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { Product } from '../catalog/index.ts';
import { Warehouse } from './warehouse.entity.ts';
import { postMovements, postRequired } from './stock-ledger.ts';
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
 * Raises on-hand stock inside the caller's transaction: one `receipt` movement per SKU through
 * the stock ledger, and one audit entry each with the on-hand quantity before and after.
 */
export async function receiveStock(tx: EntityManager, input: ReceiptInput): Promise<void> {
  const warehouse = await findWarehouse(tx, input.warehouse);
  const received = new Map<string, number>();
  for (const line of input.lines) received.set(line.sku, (received.get(line.sku) ?? 0) + line.quantity);
  const products = await tx.find(Product, { sku: { $in: [...received.keys()] } });
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const unknown = [...received.keys()].filter((sku) => !bySku.has(sku));
  if (unknown.length > 0) throw new AppError('not_found', `Unknown SKU: ${unknown.join(', ')}`, { skus: unknown });

  const posted = await postRequired(tx, [...received].map(([sku, quantity]) => ({
    warehouseId: warehouse.id, productId: bySku.get(sku)!.id, kind: 'receipt' as const,
    onHandDelta: quantity, reservedDelta: 0, reference: input.reference, actor: input.actor,
  })));
  for (const [index, [sku, quantity]] of [...received].entries()) {
    const onHand = posted[index]!.onHand!;
    audit(tx, input.actor, {
      entityType: 'stock', entityId: `${warehouse.code}/${sku}`, action: 'stock.received',
      before: { onHand: onHand - quantity }, after: { onHand, reference: input.reference },
    });
  }
  await tx.flush();
}

/** A correction of one product's on-hand stock at a warehouse, with why (damaged, found, lost). */
export interface AdjustmentInput {
  warehouse?: string | undefined;
  sku: string;
  /** Units to add (positive) or remove (negative). */
  delta: number;
  reason: string;
  actor: Actor;
}

/**
 * One `adjustment` movement through the ledger and an audit entry with the on-hand before and
 * after and the reason. Refused (`rule_violation`) when it would leave less on hand than is
 * reserved for orders; stock that appears fills backorders like any other.
 */
export async function adjustStock(tx: EntityManager, input: AdjustmentInput): Promise<{ sku: string; warehouse: string; onHand: number }> {
  if (!Number.isInteger(input.delta) || input.delta === 0) throw new AppError('invalid_input', 'An adjustment adds or removes a whole number of units', { delta: input.delta });
  if (!input.reason.trim()) throw new AppError('invalid_input', 'An adjustment needs a reason');
  const warehouse = await findWarehouse(tx, input.warehouse);
  const product = await tx.findOne(Product, { sku: input.sku });
  if (!product) throw new AppError('not_found', `Unknown SKU: ${input.sku}`, { skus: [input.sku] });
  const [posted] = await postMovements(tx, [{ warehouseId: warehouse.id, productId: product.id, kind: 'adjustment', onHandDelta: input.delta, reservedDelta: 0, reference: `ADJ ${input.reason.trim().slice(0, 80)}`, actor: input.actor }]);
  if (!posted!.applied) throw new AppError('rule_violation', `Removing ${-input.delta} of ${input.sku} would leave less on hand than is reserved for orders`, { sku: input.sku, delta: input.delta });
  audit(tx, input.actor, {
    entityType: 'stock', entityId: `${warehouse.code}/${input.sku}`, action: 'stock.adjusted',
    before: { onHand: posted!.onHand! - input.delta }, after: { onHand: posted!.onHand!, reason: input.reason.trim().slice(0, 500) },
  });
  await tx.flush();
  return { sku: input.sku, warehouse: warehouse.code, onHand: posted!.onHand! };
}
