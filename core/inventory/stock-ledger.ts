import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import type { MovementKind } from './stock-movement.entity.ts';

/** One change of one product's stock at one warehouse. */
export interface Movement {
  warehouseId: number;
  productId: number;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  /** The document behind it: order number, transfer, count, RMA... */
  reference: string;
  actor: Actor;
}

/** A movement after posting: whether it was applied, and the level it left. */
export interface PostedMovement extends Movement {
  applied: boolean;
  /** On-hand and reserved after this movement (null when it was not applied). */
  onHand: number | null;
  reserved: number | null;
}

/**
 * The one writer of stock levels and of the stock ledger (the `post_stock_movements` function,
 * migration `stock_ledger_writer`): every movement changes its level and appends its ledger row
 * together, in one round trip, rows locked in (product, warehouse) order. A movement that would
 * make `reserved` exceed `on_hand` or go below zero is not applied (`applied: false`), so a
 * reservation is "available >= quantity or nothing". Runs in the caller's transaction.
 */
export async function postMovements(tx: EntityManager, movements: Movement[]): Promise<PostedMovement[]> {
  if (movements.length === 0) return [];
  const payload = movements.map((movement) => ({
    warehouseId: movement.warehouseId, productId: movement.productId, kind: movement.kind, onHandDelta: movement.onHandDelta,
    reservedDelta: movement.reservedDelta, reference: movement.reference, actorType: movement.actor.type, actorId: movement.actor.id ?? null,
  }));
  const rows = await tx.execute<Array<{ movement_index: number; applied: boolean; on_hand_after: number | null; reserved_after: number | null }>>(
    'select movement_index, applied, on_hand_after, reserved_after from post_stock_movements(?::jsonb)',
    [JSON.stringify(payload)],
  );
  const posted: PostedMovement[] = movements.map((movement) => ({ ...movement, applied: false, onHand: null, reserved: null }));
  for (const row of rows) {
    const target = posted[row.movement_index]!;
    target.applied = row.applied;
    target.onHand = row.on_hand_after;
    target.reserved = row.reserved_after;
  }
  return posted;
}

/** Raised when a movement that must apply (a release, a shipment) did not: the books and the shelves disagree. */
export class StockLedgerError extends Error {
  override name = 'StockLedgerError';
}

/** Posts movements that must all apply (releases, shipments, receipts); throws StockLedgerError otherwise. */
export async function postRequired(tx: EntityManager, movements: Movement[]): Promise<PostedMovement[]> {
  const posted = await postMovements(tx, movements);
  const refused = posted.filter((movement) => !movement.applied);
  if (refused.length > 0) {
    throw new StockLedgerError(`Stock movement refused by the ledger: ${refused.map((movement) => `${movement.kind} ${movement.onHandDelta}/${movement.reservedDelta} of product ${movement.productId} at warehouse ${movement.warehouseId}`).join('; ')}`);
  }
  return posted;
}
