import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { nextDocumentNumber } from '../shared/document-number.ts';
import { Product } from '../catalog/index.ts';
import { StockTransfer, type TransferLine, type TransferStatus } from './transfer.entity.ts';
import { findWarehouse } from './stock.service.ts';
import { postRequired } from './stock-ledger.ts';
import { releaseLines, reserveLines } from './reservation.service.ts';
import { transferLifecycle } from './transfer-state.ts';
import { markLowStock, rearmStockAlerts } from './low-stock.ts';

export interface TransferInput {
  from: string;
  to: string;
  lines: Array<{ sku: string; quantity: number }>;
  actor: Actor;
}

export interface TransferView {
  number: string;
  from: string;
  to: string;
  status: TransferStatus;
  lines: Array<{ sku: string; quantity: number }>;
  createdAt: string;
  shippedAt: string | null;
  receivedAt: string | null;
}

function toView(transfer: StockTransfer): TransferView {
  return {
    number: transfer.number, from: transfer.fromWarehouse.code, to: transfer.toWarehouse.code, status: transfer.status,
    lines: transfer.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
    createdAt: transfer.createdAt.toISOString(), shippedAt: transfer.shippedAt?.toISOString() ?? null, receivedAt: transfer.receivedAt?.toISOString() ?? null,
  };
}

/**
 * Reserves the lines at the source warehouse, in the caller's transaction. A shortfall throws
 * ReservationShortfall (the service answers 409 `insufficient_stock`).
 */
export async function createTransfer(tx: EntityManager, input: TransferInput): Promise<TransferView> {
  const from = await findWarehouse(tx, input.from);
  const to = await findWarehouse(tx, input.to);
  if (from.id === to.id) throw new AppError('rule_violation', 'A transfer needs two different warehouses');
  const lines = await transferLines(tx, input.lines);
  const number = await nextDocumentNumber(tx, 'stock_transfer_number_seq', 'TR');
  await reserveLines(tx, lines.map((line) => ({ ...line, warehouseId: from.id })), number, input.actor);
  await markLowStock(tx, lines.map((line) => ({ warehouseId: from.id, productId: line.productId })));
  const transfer = tx.create(StockTransfer, { number, fromWarehouse: from, toWarehouse: to, lines });
  audit(tx, input.actor, { entityType: 'transfer', entityId: number, action: 'transfer.created', after: { from: from.code, to: to.code, lines } });
  await tx.flush();
  return toView(transfer);
}

/** Known products, duplicates merged, sorted by product id (the stock lock order). */
async function transferLines(tx: EntityManager, requested: TransferInput['lines']): Promise<TransferLine[]> {
  const merged = new Map<string, number>();
  for (const line of requested) merged.set(line.sku, (merged.get(line.sku) ?? 0) + line.quantity);
  const products = await tx.find(Product, { sku: { $in: [...merged.keys()] } });
  const unknown = [...merged.keys()].filter((sku) => !products.some((product) => product.sku === sku));
  if (unknown.length > 0) throw new AppError('unknown_product', `Unknown SKU: ${unknown.join(', ')}`, { skus: unknown });
  return products.map((product) => ({ productId: product.id, sku: product.sku, quantity: merged.get(product.sku)! })).sort((a, b) => a.productId - b.productId);
}

/** One status step of a transfer, with the row locked, in the caller's transaction; `apply` moves the stock. */
async function step(tx: EntityManager, number: string, to: TransferStatus, actor: Actor, apply: (transfer: StockTransfer) => Promise<void>): Promise<TransferView> {
  // The row alone is locked (a join would lock the warehouses too and block stock inserts).
  const transfer = await tx.findOne(StockTransfer, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (transfer) await tx.populate(transfer, ['fromWarehouse', 'toWarehouse']);
  if (!transfer) throw new AppError('not_found', `No transfer ${number}`, { number });
  const from = transfer.status;
  transferLifecycle.assert(from, to, number);
  await apply(transfer);
  transfer.status = to;
  audit(tx, actor, { entityType: 'transfer', entityId: number, action: `transfer.${to}`, before: { status: from }, after: { status: to } });
  await tx.flush();
  return toView(transfer);
}

/** The goods leave the source: reserved units come off its on-hand; they are in transit now. */
export function shipTransfer(tx: EntityManager, number: string, actor: Actor): Promise<TransferView> {
  return step(tx, number, 'in_transit', actor, async (transfer) => {
    await postRequired(tx, transfer.lines.map((line) => ({
      warehouseId: transfer.fromWarehouse.id, productId: line.productId, kind: 'transfer' as const, onHandDelta: -line.quantity, reservedDelta: -line.quantity, reference: number, actor,
    })));
    transfer.shippedAt = new Date();
  });
}

/** The goods arrive: on-hand rises at the destination. */
export function receiveTransfer(tx: EntityManager, number: string, actor: Actor): Promise<TransferView> {
  return step(tx, number, 'received', actor, async (transfer) => {
    await postRequired(tx, transfer.lines.map((line) => ({
      warehouseId: transfer.toWarehouse.id, productId: line.productId, kind: 'transfer' as const, onHandDelta: line.quantity, reservedDelta: 0, reference: number, actor,
    })));
    await rearmStockAlerts(tx, transfer.lines.map((line) => ({ warehouseId: transfer.toWarehouse.id, productId: line.productId })));
    transfer.receivedAt = new Date();
  });
}

/** A transfer not shipped yet can be cancelled: its reservation is released. */
export function cancelTransfer(tx: EntityManager, number: string, actor: Actor): Promise<TransferView> {
  return step(tx, number, 'cancelled', actor, async (transfer) => {
    await releaseLines(tx, transfer.lines.map((line) => ({ ...line, warehouseId: transfer.fromWarehouse.id })), number, actor);
    await rearmStockAlerts(tx, transfer.lines.map((line) => ({ warehouseId: transfer.fromWarehouse.id, productId: line.productId })));
  });
}

export async function getTransfer(em: EntityManager, number: string): Promise<TransferView> {
  const transfer = await em.findOne(StockTransfer, { number }, { populate: ['fromWarehouse', 'toWarehouse'] });
  if (!transfer) throw new AppError('not_found', `No transfer ${number}`, { number });
  return toView(transfer);
}
