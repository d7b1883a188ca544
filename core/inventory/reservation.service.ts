import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { availableEverywhere } from './stock.repository.ts';
import { postMovements, postRequired } from './stock-ledger.ts';

/** One product quantity at one warehouse. */
export interface StockLine {
  warehouseId: number;
  productId: number;
  sku: string;
  quantity: number;
}

/** Raised inside a transaction when a line cannot be reserved; the caller rolls back. */
export class ReservationShortfall extends Error {
  override name = 'ReservationShortfall';
  readonly lines: StockLine[];
  constructor(lines: StockLine[]) {
    super('insufficient stock');
    this.lines = lines;
  }
}

/**
 * Reserves every line through the stock ledger (each only while `on_hand - reserved` covers
 * it). Throws ReservationShortfall naming every line that is short; the caller's rollback then
 * undoes the reservations this call did make.
 */
export async function reserveLines(em: EntityManager, lines: StockLine[], reference: string, actor: Actor): Promise<void> {
  const posted = await postMovements(em, lines.map((line) => ({ ...line, kind: 'reservation' as const, onHandDelta: 0, reservedDelta: line.quantity, reference, actor })));
  const short = lines.filter((_line, index) => !posted[index]!.applied);
  if (short.length > 0) throw new ReservationShortfall(short);
}

/** Gives back reservations (cancel, reject) with a `release` movement per line. */
export async function releaseLines(em: EntityManager, lines: StockLine[], reference: string, actor: Actor): Promise<void> {
  await postRequired(em, lines.map((line) => ({ ...line, kind: 'release' as const, onHandDelta: 0, reservedDelta: -line.quantity, reference, actor })));
}

/** Reserved goods leave the warehouse: on-hand and reserved both drop, one `shipment` movement per line. */
export async function shipLines(em: EntityManager, lines: StockLine[], reference: string, actor: Actor): Promise<void> {
  await postRequired(em, lines.map((line) => ({ ...line, kind: 'shipment' as const, onHandDelta: -line.quantity, reservedDelta: -line.quantity, reference, actor })));
}

/** The 409 for a shortfall, with what is available now (over all warehouses) for each line that was short. */
export async function insufficientStockError(em: EntityManager, shortfall: ReservationShortfall): Promise<AppError> {
  const available = await availableEverywhere(em, [...new Set(shortfall.lines.map((line) => line.productId))]);
  const requested = new Map<number, StockLine>();
  for (const line of shortfall.lines) {
    const seen = requested.get(line.productId);
    requested.set(line.productId, seen ? { ...seen, quantity: seen.quantity + line.quantity } : line);
  }
  const details = [...requested.values()].map((line) => ({
    sku: line.sku, requested: line.quantity, available: Math.max(0, available.get(line.productId) ?? 0),
  }));
  return new AppError('insufficient_stock', `Not enough stock for ${details.map((d) => d.sku).join(', ')}`, { lines: details });
}
