import type { EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { postMovements, type Movement } from '../inventory/index.ts';
import { ProductionComponent, ProductionReport, type ProductionOrder } from './production.entity.ts';
import { flexibleConsumption, strictConsumption, type ComponentState } from './production-consumption.ts';
import { lockProductionOrder, moveTo, releaseLeftovers } from './production.service.ts';
import { productionView, type ProductionView } from './production.view.ts';

/** Units of a production order's output taken by the order line it makes them for. */
export interface Peg {
  units: number;
  orderNumber: string;
  warehouseId: number;
  /** Nothing of the order waits any more: it can be packed. */
  ready: boolean;
}

/**
 * Where made units go when a production order makes them for an order (make-to-order). Orders
 * implement it; it is handed in (`createManufacturingService`), so manufacturing does not depend
 * on orders.
 */
export interface OutputPegging {
  /** Locks the order an MO makes units for, before the MO is locked (the order's own writers lock the order first). */
  lockOrderOf(tx: EntityManager, number: string): Promise<void>;
  /** The line the MO supplies takes what it still waits for of `units` made; null when no line does. */
  take(tx: EntityManager, productionOrderId: number, warehouseId: number, units: number, now: Date): Promise<Peg | null>;
}

/** No make-to-order: made units go to free stock. */
export const noPegging: OutputPegging = { lockOrderOf: async () => {}, take: async () => null };

export interface OutputReport {
  /** Makes the report once: a replay (Slack retry, double click, API retry) returns the first result. */
  key: string;
  good: number;
  scrapped: number;
  /** Flexible MOs: the units of each component actually used (by SKU); strict ones consume by the BOM. */
  components?: ReadonlyMap<string, number> | undefined;
}

export interface ReportResult {
  report: { key: string; good: number; scrapped: number; consumed: Record<string, number>; reservedForOrder: number };
  productionOrder: ProductionView;
  replayed: boolean;
}

const reportOf = (row: ProductionReport): ReportResult['report'] => ({
  key: row.reportKey, good: row.quantityGood, scrapped: row.quantityScrapped, consumed: row.consumption, reservedForOrder: row.reservedForOrder,
});

/**
 * Output made (good) and spoiled (scrapped) on a released or running MO, once per key. In one
 * transaction: components are consumed (`production_consume`: on-hand down, the MO's
 * reservation down by as much of it as it covers; a strict MO consumes exactly what the output
 * so far needs, so 6 then 4 consume what 10 need), the good units are added
 * (`production_output`), and when the MO is pegged to an order line the units that line waits
 * for are reserved for it in the same ledger call, before any other order could take them. The
 * last units planned complete the MO and release whatever it still holds.
 */
export async function reportOutput(tx: EntityManager, number: string, input: OutputReport, actor: Actor, now: Date, pegging: OutputPegging): Promise<ReportResult> {
  await pegging.lockOrderOf(tx, number);
  const mo = await lockProductionOrder(tx, number);
  const first = await tx.findOne(ProductionReport, { reportKey: input.key }, { populate: ['productionOrder'] });
  if (first) {
    if (first.productionOrder.id !== mo.id || first.quantityGood !== input.good || first.quantityScrapped !== input.scrapped) {
      throw new AppError('idempotency_key_reused', `Report key ${input.key} was used for another report`, { key: input.key });
    }
    return { report: reportOf(first), productionOrder: await productionView(tx, mo), replayed: true };
  }
  if (mo.status !== 'released' && mo.status !== 'in_progress') {
    throw new AppError('invalid_transition', `Production order ${number} is ${mo.status}: output is reported on a released or running order`, { status: mo.status });
  }
  const made = mo.quantityGood + mo.quantityScrapped + input.good + input.scrapped;
  if (made > mo.quantityPlanned) {
    throw new AppError('rule_violation', `${number} plans ${mo.quantityPlanned}; ${mo.quantityGood + mo.quantityScrapped} reported already, ${input.good + input.scrapped} more is too many`, {
      planned: mo.quantityPlanned, reported: mo.quantityGood + mo.quantityScrapped,
    });
  }
  const rows = await tx.find(ProductionComponent, { productionOrder: mo }, { orderBy: { product: 'asc' } });
  const states: ComponentState[] = rows.map((row) => ({ productId: row.product.id, sku: row.sku, required: row.quantityRequired, reserved: row.quantityReserved, consumed: row.quantityConsumed }));
  if (input.components && mo.consumptionPolicy === 'flexible') {
    const unknown = [...input.components.keys()].filter((sku) => !states.some((state) => state.sku === sku));
    if (unknown.length > 0) throw new AppError('invalid_input', `${unknown.join(', ')} is not a component of ${number}`, { skus: unknown });
  }
  const consumption = input.components && mo.consumptionPolicy === 'flexible'
    ? flexibleConsumption(input.components, states)
    : strictConsumption(mo.product.id, mo.bomSnapshot ?? [], made, states);

  const peg = input.good > 0 ? await pegging.take(tx, mo.id, mo.warehouse.id, input.good, now) : null;
  const movements: Movement[] = [
    ...consumption.filter((each) => each.quantity > 0).map((each): Movement => ({
      warehouseId: mo.warehouse.id, productId: each.productId, kind: 'production_consume', onHandDelta: -each.quantity, reservedDelta: -each.fromReserved, reference: number, actor,
    })),
    ...(input.good > 0 ? [{ warehouseId: mo.warehouse.id, productId: mo.product.id, kind: 'production_output' as const, onHandDelta: input.good, reservedDelta: 0, reference: number, actor }] : []),
    ...peggedReservation(mo, peg, actor),
  ];
  const posted = await postMovements(tx, movements);
  const refused = posted.filter((movement) => !movement.applied);
  if (refused.length > 0) {
    const skus = refused.map((movement) => consumption.find((each) => each.productId === movement.productId)?.sku ?? String(movement.productId));
    throw new AppError('insufficient_stock', `Not enough free ${skus.join(', ')} to consume beyond what ${number} reserved`, { lines: skus.map((sku) => ({ sku })) });
  }
  for (const each of consumption) {
    const row = rows.find((candidate) => candidate.product.id === each.productId)!;
    row.quantityConsumed += each.quantity;
    row.quantityReserved -= each.fromReserved;
  }
  mo.quantityGood += input.good;
  mo.quantityScrapped += input.scrapped;
  const consumed = Object.fromEntries(consumption.filter((each) => each.quantity > 0).map((each) => [each.sku, each.quantity]));
  const report = tx.create(ProductionReport, {
    productionOrder: mo, reportKey: input.key, quantityGood: input.good, quantityScrapped: input.scrapped, consumption: consumed, reservedForOrder: peg?.units ?? 0, actor: actorLabel(actor),
  });
  publish(tx, 'production.reported', { type: 'production_order', id: number }, {
    sku: mo.product.sku, good: input.good, scrapped: input.scrapped, madeGood: mo.quantityGood, planned: mo.quantityPlanned, orderNumber: peg?.orderNumber ?? null, orderReady: peg?.ready ?? false,
  });
  audit(tx, actor, { entityType: 'production_order', entityId: number, action: 'production.reported', after: { good: input.good, scrapped: input.scrapped, consumed } });
  if (mo.status === 'released') await moveTo(tx, mo, 'in_progress', actor);
  await tx.flush();
  if (made === mo.quantityPlanned) {
    await releaseLeftovers(tx, mo, actor);
    mo.finishedAt = now;
    await moveTo(tx, mo, 'done', actor);
  }
  return { report: reportOf(report), productionOrder: await productionView(tx, mo), replayed: false };
}

/** The pegged units, reserved for their order line in the same ledger call as the output (so no backorder fill takes them first). */
function peggedReservation(mo: ProductionOrder, peg: Peg | null, actor: Actor): Movement[] {
  if (!peg || peg.units === 0) return [];
  return [{ warehouseId: peg.warehouseId, productId: mo.product.id, kind: 'reservation', onHandDelta: 0, reservedDelta: peg.units, reference: peg.orderNumber, actor }];
}
