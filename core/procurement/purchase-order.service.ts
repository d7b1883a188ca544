import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { nextDocumentNumber } from '../shared/document-number.ts';
import { Product } from '../catalog/index.ts';
import { findWarehouse, postRequired, rearmStockAlerts } from '../inventory/index.ts';
import { PurchaseOrder, PurchaseOrderLine, type PurchaseOrderStatus } from './purchase-order.entity.ts';
import { Supplier } from './supplier.entity.ts';
import { purchaseOrderLifecycle } from './purchase-order-state.ts';


/** A purchase order to draft. */
export interface PurchaseOrderInput {
  supplier: string;
  warehouse?: string | undefined;
  lines: Array<{ sku: string; quantity: number }>;
  expectedAt?: Date | undefined;
  actor: Actor;
}

export interface PurchaseOrderView {
  number: string;
  supplier: string;
  warehouse: string;
  status: PurchaseOrderStatus;
  expectedAt: string | null;
  createdBy: string;
  lines: Array<{ sku: string; ordered: number; received: number }>;
}

async function toView(em: EntityManager, order: PurchaseOrder): Promise<PurchaseOrderView> {
  const lines = await em.find(PurchaseOrderLine, { purchaseOrder: order }, { orderBy: { sku: 'asc' } });
  return {
    number: order.number, supplier: order.supplier.code, warehouse: order.warehouse.code, status: order.status,
    expectedAt: order.expectedAt?.toISOString() ?? null, createdBy: order.createdBy,
    lines: lines.map((line) => ({ sku: line.sku, ordered: line.quantityOrdered, received: line.quantityReceived })),
  };
}

export async function createSupplier(em: EntityManager, input: { code: string; name: string; leadTimeDays?: number | undefined; email?: string | undefined; phone?: string | undefined }): Promise<Supplier> {
  if (await em.findOne(Supplier, { code: input.code })) throw new AppError('already_exists', `Supplier ${input.code} exists`, { code: input.code });
  const supplier = em.create(Supplier, { code: input.code, name: input.name, leadTimeDays: input.leadTimeDays ?? 7, email: input.email ?? null, phone: input.phone ?? null });
  await em.flush();
  return supplier;
}

/** A draft purchase order; `expectedAt` defaults to today plus the supplier's lead time. */
export async function createPurchaseOrder(tx: EntityManager, input: PurchaseOrderInput, now: Date): Promise<PurchaseOrderView> {
  const supplier = await tx.findOne(Supplier, { code: input.supplier });
  if (!supplier) throw new AppError('not_found', `No supplier ${input.supplier}`, { supplier: input.supplier });
  const warehouse = await findWarehouse(tx, input.warehouse);
  const merged = new Map<string, number>();
  for (const line of input.lines) merged.set(line.sku, (merged.get(line.sku) ?? 0) + line.quantity);
  const products = await tx.find(Product, { sku: { $in: [...merged.keys()] } });
  const unknown = [...merged.keys()].filter((sku) => !products.some((product) => product.sku === sku));
  if (unknown.length > 0) throw new AppError('unknown_product', `Unknown SKU: ${unknown.join(', ')}`, { skus: unknown });
  const number = await nextDocumentNumber(tx, 'purchase_order_number_seq', 'PO');
  const order = tx.create(PurchaseOrder, {
    number, supplier, warehouse, createdBy: actorLabel(input.actor),
    expectedAt: input.expectedAt ?? new Date(now.getTime() + supplier.leadTimeDays * 86_400_000),
  });
  for (const product of products) tx.create(PurchaseOrderLine, { purchaseOrder: order, product, sku: product.sku, quantityOrdered: merged.get(product.sku)! });
  audit(tx, input.actor, { entityType: 'purchase_order', entityId: number, action: 'purchase_order.draft', after: { supplier: supplier.code, warehouse: warehouse.code, lines: Object.fromEntries(merged) } });
  await tx.flush();
  return toView(tx, order);
}

async function locked(tx: EntityManager, number: string, to: PurchaseOrderStatus): Promise<PurchaseOrder> {
  // Lock the row alone, then load relations: FOR UPDATE over a join would also lock the
  // warehouse row that every stock insert references, and deadlock them.
  const order = await tx.findOne(PurchaseOrder, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (order) await tx.populate(order, ['supplier', 'warehouse']);
  if (!order) throw new AppError('not_found', `No purchase order ${number}`, { number });
  purchaseOrderLifecycle.assert(order.status, to, number);
  return order;
}

/** draft → sent (`purchase_order.sent`: e-mailed to the supplier), or draft/sent → cancelled. */
export async function changePurchaseOrderStatus(tx: EntityManager, number: string, to: 'sent' | 'cancelled', actor: Actor): Promise<PurchaseOrderView> {
  const order = await locked(tx, number, to);
  const from = order.status;
  order.status = to;
  if (to === 'sent') order.sentAt = new Date();
  audit(tx, actor, { entityType: 'purchase_order', entityId: number, action: `purchase_order.${to}`, before: { status: from }, after: { status: to } });
  // The supplier gets it by e-mail (when they have an address and e-mail is configured).
  if (to === 'sent') publish(tx, 'purchase_order.sent', { type: 'purchase_order', id: number }, { number, supplier: order.supplier.code });
  await tx.flush();
  return toView(tx, order);
}

/**
 * A goods receipt against a sent purchase order (partial allowed, never more than ordered):
 * stock rises through the ledger by exactly the received quantities, and the order becomes
 * partially received or received. A note (a discrepancy: damaged, short, wrong item) goes to
 * the audit entry.
 */
export async function receivePurchaseOrder(tx: EntityManager, number: string, received: Array<{ sku: string; quantity: number }>, actor: Actor, note?: string): Promise<PurchaseOrderView> {
  const order = await locked(tx, number, 'received');
  const lines = await tx.find(PurchaseOrderLine, { purchaseOrder: order }, { orderBy: { product: 'asc' } });
  for (const entry of received) {
    const line = lines.find((each) => each.sku === entry.sku);
    if (!line) throw new AppError('rule_violation', `${entry.sku} is not on ${number}`, { sku: entry.sku });
    if (line.quantityReceived + entry.quantity > line.quantityOrdered) {
      throw new AppError('rule_violation', `Receiving ${entry.quantity} of ${entry.sku} would exceed the ${line.quantityOrdered} ordered (${line.quantityReceived} received)`, { sku: entry.sku });
    }
    line.quantityReceived += entry.quantity;
  }
  const productOf = (sku: string) => lines.find((line) => line.sku === sku)!.product.id;
  const posted = await postRequired(tx, received.map((entry) => ({
    warehouseId: order.warehouse.id, productId: productOf(entry.sku), kind: 'receipt' as const,
    onHandDelta: entry.quantity, reservedDelta: 0, reference: number, actor,
  })));
  for (const [index, entry] of received.entries()) {
    const onHand = posted[index]!.onHand!;
    audit(tx, actor, { entityType: 'stock', entityId: `${order.warehouse.code}/${entry.sku}`, action: 'stock.received', before: { onHand: onHand - entry.quantity }, after: { onHand, reference: number } });
  }
  await rearmStockAlerts(tx, lines.map((line) => ({ warehouseId: order.warehouse.id, productId: line.product.id })));
  const from = order.status;
  order.status = lines.every((line) => line.quantityReceived === line.quantityOrdered) ? 'received' : 'partially_received';
  audit(tx, actor, { entityType: 'purchase_order', entityId: number, action: `purchase_order.${order.status}`, before: { status: from }, after: { status: order.status, received, ...(note && { note }) } });
  await tx.flush();
  return toView(tx, order);
}

export async function getPurchaseOrder(em: EntityManager, number: string): Promise<PurchaseOrderView> {
  const order = await em.findOne(PurchaseOrder, { number }, { populate: ['supplier', 'warehouse'] });
  if (!order) throw new AppError('not_found', `No purchase order ${number}`, { number });
  return toView(em, order);
}

export async function listPurchaseOrders(em: EntityManager, status?: PurchaseOrderStatus): Promise<PurchaseOrderView[]> {
  const orders = await em.find(PurchaseOrder, status ? { status } : {}, { populate: ['supplier', 'warehouse'], orderBy: { id: 'desc' }, limit: 100 });
  return Promise.all(orders.map((order) => toView(em, order)));
}
