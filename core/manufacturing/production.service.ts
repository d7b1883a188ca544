import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { localDate } from '../shared/calendar.ts';
import { Product } from '../catalog/index.ts';
import { findWarehouse, postMovements, postRequired, type Movement } from '../inventory/index.ts';
import { Bom, BomLine } from './bom.entity.ts';
import { activeFacts } from './bom.service.ts';
import { explode, type BomFacts } from './bom-explosion.ts';
import { ProductionComponent, ProductionOrder, type ConsumptionPolicy, type ProductionOrigin } from './production.entity.ts';
import { productionLifecycle } from './production-state.ts';
import { productionView, type ProductionView } from './production.view.ts';

export interface ProductionInput {
  sku: string;
  quantity: number;
  warehouse?: string | undefined;
  dueAt?: Date | undefined;
  consumptionPolicy?: ConsumptionPolicy | undefined;
}

const dayMs = 86_400_000;

/** A draft MO for `quantity` good units by the product's active `make` BOM, numbered `MO-<date>-<sequence>`. */
export async function createProductionOrder(
  tx: EntityManager, input: ProductionInput, origin: ProductionOrigin, actor: Actor, now: Date, timeZone: string,
): Promise<ProductionOrder> {
  const product = await tx.findOne(Product, { sku: input.sku });
  if (!product) throw new AppError('not_found', `No product ${input.sku}`, { sku: input.sku });
  const bom = await tx.findOne(Bom, { product, status: 'active' });
  if (!bom) throw new AppError('rule_violation', `${input.sku} has no active BOM to make it by`, { sku: input.sku });
  if (bom.kind === 'kit') throw new AppError('rule_violation', `${input.sku} is a kit: it is assembled from its parts where it is sold, not made`, { sku: input.sku });
  const warehouse = await findWarehouse(tx, input.warehouse);
  const [row] = await tx.execute<Array<{ value: string }>>(`select nextval('production_order_number_seq') as value`);
  const number = `MO-${localDate(now, timeZone).replaceAll('-', '')}-${String(row!.value).padStart(6, '0')}`;
  const mo = tx.create(ProductionOrder, {
    number, product, bom, bomVersion: bom.version, bomSnapshot: null, warehouse, quantityPlanned: input.quantity, status: 'draft', origin,
    dueAt: input.dueAt ?? null, startBy: input.dueAt ? new Date(input.dueAt.getTime() - bom.produceDays * dayMs) : null,
    consumptionPolicy: input.consumptionPolicy ?? 'strict', closeReason: null, createdBy: actorLabel(actor), releasedAt: null, finishedAt: null,
  });
  audit(tx, actor, { entityType: 'production_order', entityId: number, action: 'production.created', after: { sku: input.sku, quantity: input.quantity, origin } });
  await tx.flush();
  return mo;
}

/** The MO, its row locked for the rest of the transaction (every change of one MO queues here). */
export async function lockProductionOrder(tx: EntityManager, number: string): Promise<ProductionOrder> {
  const mo = await tx.findOne(ProductionOrder, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!mo) throw new AppError('not_found', `No production order ${number}`, { number });
  await tx.populate(mo, ['product', 'warehouse']);
  return mo;
}

/** The MO's BOM version with the active kits it uses, frozen for the MO's lifetime. */
async function snapshotOf(tx: EntityManager, mo: ProductionOrder): Promise<BomFacts[]> {
  const lines = await tx.find(BomLine, { bom: mo.bom });
  const bom = await tx.findOneOrFail(Bom, { id: mo.bom.id });
  const boms = await activeFacts(tx);
  boms.set(mo.product.id, {
    productId: mo.product.id, kind: bom.kind, outputQuantity: bom.outputQuantity,
    lines: lines.map((line) => ({ componentId: line.component.id, quantity: line.quantity, scrapBasisPoints: line.scrapBasisPoints })),
  });
  const used: BomFacts[] = [];
  const visit = (productId: number) => {
    const facts = boms.get(productId);
    if (!facts || used.includes(facts) || (used.length > 0 && facts.kind !== 'kit')) return;
    used.push(facts);
    for (const line of facts.lines) visit(line.componentId);
  };
  visit(mo.product.id);
  return used;
}

/**
 * draft → released: the components are taken from the BOM (kits exploded) and every one is
 * reserved at the MO's warehouse in this transaction, in product-id order (the lock order of all
 * stock writers, so releases and sales orders never deadlock). One short component and nothing is
 * reserved: 409 `insufficient_stock` listing every short one with what it needs and what there is.
 */
export async function releaseProductionOrder(tx: EntityManager, number: string, actor: Actor, now: Date): Promise<ProductionView> {
  const mo = await lockProductionOrder(tx, number);
  productionLifecycle.assert(mo.status, 'released', number);
  const snapshot = await snapshotOf(tx, mo);
  const needs = [...explode(mo.product.id, mo.quantityPlanned, new Map(snapshot.map((bom) => [bom.productId, bom])), 'order')].sort(([a], [b]) => a - b);
  const products = await tx.find(Product, { id: { $in: needs.map(([id]) => id) } });
  const skuOf = (id: number) => products.find((product) => product.id === id)!.sku;
  const posted = await postMovements(tx, needs.map(([productId, quantity]): Movement => ({
    warehouseId: mo.warehouse.id, productId, kind: 'reservation', onHandDelta: 0, reservedDelta: quantity, reference: number, actor,
  })));
  const short = posted.filter((movement) => !movement.applied);
  if (short.length > 0) {
    const levels = await tx.execute<Array<{ product_id: number; available: number }>>(
      'select product_id, on_hand - reserved as available from stock_level where warehouse_id = ? and product_id = any(?::int[])',
      [mo.warehouse.id, `{${short.map((movement) => movement.productId).join(',')}}`],
    );
    const lines = short.map((movement) => ({
      sku: skuOf(movement.productId), required: movement.reservedDelta, available: Math.max(0, levels.find((level) => level.product_id === movement.productId)?.available ?? 0),
    }));
    throw new AppError('insufficient_stock', `Not enough ${lines.map((line) => line.sku).join(', ')} at ${mo.warehouse.code} to release ${number}`, { lines });
  }
  for (const [productId, quantity] of needs) {
    tx.create(ProductionComponent, { productionOrder: mo, product: productId, sku: skuOf(productId), quantityRequired: quantity, quantityReserved: quantity, quantityConsumed: 0 });
  }
  mo.bomSnapshot = snapshot;
  mo.releasedAt = now;
  await moveTo(tx, mo, 'released', actor, { components: needs.map(([productId, quantity]) => ({ sku: skuOf(productId), quantity })) });
  return productionView(tx, mo);
}

/** Gives back every component reservation the MO still holds (`release` movements); it holds nothing afterwards. */
export async function releaseLeftovers(tx: EntityManager, mo: ProductionOrder, actor: Actor): Promise<void> {
  const components = await tx.find(ProductionComponent, { productionOrder: mo, quantityReserved: { $gt: 0 } }, { orderBy: { product: 'asc' } });
  await postRequired(tx, components.map((component): Movement => ({
    warehouseId: mo.warehouse.id, productId: component.product.id, kind: 'release', onHandDelta: 0, reservedDelta: -component.quantityReserved, reference: mo.number, actor,
  })));
  for (const component of components) component.quantityReserved = 0;
}

/** One status step: checked against the lifecycle, audited, published, the version raised. */
export async function moveTo(tx: EntityManager, mo: ProductionOrder, to: 'released' | 'in_progress' | 'done' | 'cancelled', actor: Actor, detail: Record<string, unknown> = {}): Promise<void> {
  const from = mo.status;
  productionLifecycle.assert(from, to, mo.number);
  mo.status = to;
  mo.version += 1;
  audit(tx, actor, { entityType: 'production_order', entityId: mo.number, action: `production.${to}`, before: { status: from }, after: { status: to, ...detail } });
  if (to !== 'in_progress') {
    publish(tx, `production.${to}`, { type: 'production_order', id: mo.number }, { sku: mo.product.sku, planned: mo.quantityPlanned, good: mo.quantityGood, scrapped: mo.quantityScrapped, ...detail });
  }
  await tx.flush();
}

/**
 * Ends an MO that has started: every leftover reservation is released. Short of the plan
 * (`good < planned`) a reason is required; the MO then adds no more supply anywhere.
 */
export async function closeProductionOrder(tx: EntityManager, number: string, reason: string | undefined, actor: Actor, now: Date): Promise<ProductionView> {
  const mo = await lockProductionOrder(tx, number);
  productionLifecycle.assert(mo.status, 'done', number);
  if (mo.quantityGood < mo.quantityPlanned && !reason?.trim()) {
    throw new AppError('invalid_input', `${number} made ${mo.quantityGood} of ${mo.quantityPlanned}: closing it short needs a reason`, { number });
  }
  await releaseLeftovers(tx, mo, actor);
  mo.closeReason = reason?.trim() || null;
  mo.finishedAt = now;
  await moveTo(tx, mo, 'done', actor, { reason: mo.closeReason });
  return productionView(tx, mo);
}

/** Cancels an MO that has made nothing (draft or released); a released one's reservations are released. */
export async function cancelProductionOrder(tx: EntityManager, number: string, actor: Actor, now: Date, reason?: string): Promise<ProductionView> {
  const mo = await lockProductionOrder(tx, number);
  productionLifecycle.assert(mo.status, 'cancelled', number);
  await releaseLeftovers(tx, mo, actor);
  mo.closeReason = reason ?? null;
  mo.finishedAt = now;
  await moveTo(tx, mo, 'cancelled', actor, { reason: reason ?? null });
  return productionView(tx, mo);
}
