import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { StockCount, StockCountLine, type CountStatus } from './count.entity.ts';
import type { AbcClass } from './reorder-policy.entity.ts';
import { findWarehouse } from './stock.service.ts';
import { postMovements } from './stock-ledger.ts';
import { countLifecycle } from './count-state.ts';
import { markLowStock, rearmStockAlerts } from './low-stock.ts';


export interface CountView {
  id: number;
  warehouse: string;
  status: CountStatus;
  openedBy: string;
  approvedBy: string | null;
  lines: Array<{ sku: string; expected: number; counted: number | null; variance: number | null; countedBy: string | null }>;
}

async function toView(em: EntityManager, count: StockCount): Promise<CountView> {
  const lines = await em.find(StockCountLine, { count }, { orderBy: { sku: 'asc' } });
  return {
    id: count.id, warehouse: count.warehouse.code, status: count.status, openedBy: count.openedBy, approvedBy: count.approvedBy ?? null,
    lines: lines.map((line) => ({
      sku: line.sku, expected: line.expected, counted: line.counted ?? null,
      variance: line.counted === null || line.counted === undefined ? null : line.counted - line.expected, countedBy: line.countedBy ?? null,
    })),
  };
}

/**
 * Opens a count at a warehouse for some SKUs, for one ABC class (cycle counts), or for all of
 * its stock. Each line remembers the on-hand in the books at this moment.
 */
export async function openCount(tx: EntityManager, input: { warehouse?: string | undefined; skus?: string[] | undefined; abcClass?: AbcClass | undefined; actor: Actor }): Promise<CountView> {
  const warehouse = await findWarehouse(tx, input.warehouse);
  // Which products: the SKUs asked for, else one ABC class, else everything stocked there.
  const filter = input.skus
    ? { sql: 'p.sku in (?)', params: [input.skus] }
    : input.abcClass
      ? { sql: 'exists (select 1 from reorder_policy r where r.product_id = p.id and r.warehouse_id = ? and r.abc_class = ?)', params: [warehouse.id, input.abcClass] }
      : { sql: 's.product_id is not null', params: [] };
  const rows = await tx.execute<Array<{ id: number; sku: string; on_hand: number | null }>>(
    `select p.id, p.sku, s.on_hand from product p
       left join stock_level s on s.product_id = p.id and s.warehouse_id = ?
      where ${filter.sql} order by p.sku`,
    [warehouse.id, ...filter.params],
  );
  const unknown = (input.skus ?? []).filter((sku) => !rows.some((row) => row.sku === sku));
  if (unknown.length > 0) throw new AppError('unknown_product', `Unknown SKU: ${unknown.join(', ')}`, { skus: unknown });
  if (rows.length === 0) throw new AppError('rule_violation', 'Nothing to count: no products match');
  const count = tx.create(StockCount, { warehouse, openedBy: actorLabel(input.actor) });
  for (const row of rows) tx.create(StockCountLine, { count, product: row.id, sku: row.sku, expected: row.on_hand ?? 0 });
  audit(tx, input.actor, { entityType: 'count', entityId: 'new', action: 'count.opened', after: { warehouse: warehouse.code, skus: rows.map((row) => row.sku) } });
  await tx.flush();
  // Announced in the ops channel, so someone goes and counts (cycle counts open by themselves).
  publish(tx, 'inventory.count_opened', { type: 'count', id: String(count.id) }, { countId: count.id, warehouse: warehouse.code, abcClass: input.abcClass ?? null, lines: rows.length });
  await tx.flush();
  return toView(tx, count);
}

/** Enters counted quantities (again, to correct). Nothing changes in stock until approval. */
export async function recordCounted(tx: EntityManager, id: number, counted: Array<{ sku: string; counted: number }>, actor: Actor): Promise<CountView> {
  const count = await lockedOpenCount(tx, id);
  const lines = await tx.find(StockCountLine, { count, sku: { $in: counted.map((entry) => entry.sku) } });
  const missing = counted.filter((entry) => !lines.some((line) => line.sku === entry.sku)).map((entry) => entry.sku);
  if (missing.length > 0) throw new AppError('not_found', `Not on count ${id}: ${missing.join(', ')}`, { skus: missing });
  for (const line of lines) {
    line.counted = counted.find((entry) => entry.sku === line.sku)!.counted;
    line.countedBy = actorLabel(actor);
  }
  await tx.flush();
  return toView(tx, count);
}

async function lockedOpenCount(tx: EntityManager, id: number): Promise<StockCount> {
  // The row alone is locked (a join would lock the warehouse too and block stock inserts).
  const count = await tx.findOne(StockCount, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (count) await tx.populate(count, ['warehouse']);
  if (!count) throw new AppError('not_found', `No count ${id}`, { id });
  if (count.status !== 'open') throw new AppError('invalid_transition', `Count ${id} is ${count.status}`, { status: count.status, to: 'open' });
  return count;
}

/**
 * Approves a count: each counted line's variance (counted − expected when opened) is added to
 * today's on-hand, so movements during the count are kept. Reserved units are on the shelf until
 * shipped, so they were counted; an adjustment that would leave less on hand than is reserved
 * is refused (nothing is posted then). Counter and approver go to the audit log.
 */
export async function approveCount(tx: EntityManager, id: number, actor: Actor): Promise<CountView> {
  const count = await lockedOpenCount(tx, id);
  countLifecycle.assert(count.status, 'approved', String(id));
  const lines = (await tx.find(StockCountLine, { count }, { orderBy: { product: 'asc' } })).filter((line) => line.counted !== null && line.counted !== undefined);
  const reference = `COUNT-${id}`;
  const changed = lines.filter((line) => line.counted! !== line.expected);
  const posted = await postMovements(tx, changed.map((line) => ({
    warehouseId: count.warehouse.id, productId: line.product.id, kind: 'adjustment' as const, onHandDelta: line.counted! - line.expected, reservedDelta: 0, reference, actor,
  })));
  for (const [index, line] of changed.entries()) {
    const variance = line.counted! - line.expected;
    const movement = posted[index]!;
    if (!movement.applied) throw new AppError('rule_violation', `Adjusting ${line.sku} by ${variance} would leave less on hand than is reserved`, { sku: line.sku, variance });
    audit(tx, actor, {
      entityType: 'stock', entityId: `${count.warehouse.code}/${line.sku}`, action: 'stock.adjusted',
      before: { onHand: movement.onHand! - variance }, after: { onHand: movement.onHand!, counted: line.counted!, expected: line.expected, countedBy: line.countedBy ?? null, approvedBy: actorLabel(actor), reference },
    });
  }
  const keys = changed.map((line) => ({ warehouseId: count.warehouse.id, productId: line.product.id }));
  await markLowStock(tx, keys);
  await rearmStockAlerts(tx, keys);
  count.status = 'approved';
  count.approvedBy = actorLabel(actor);
  count.approvedAt = new Date();
  audit(tx, actor, { entityType: 'count', entityId: String(id), action: 'count.approved', after: { adjustments: changed.length, counters: [...new Set(lines.map((line) => line.countedBy))], approvedBy: actorLabel(actor) } });
  await tx.flush();
  return toView(tx, count);
}

export async function getCount(em: EntityManager, id: number): Promise<CountView> {
  const count = await em.findOne(StockCount, { id }, { populate: ['warehouse'] });
  if (!count) throw new AppError('not_found', `No count ${id}`, { id });
  return toView(em, count);
}

/** An open count as a queue shows it: where, how many lines, how many counted so far. */
export interface OpenCount {
  id: number;
  warehouse: string;
  lines: number;
  counted: number;
}

/** Open counts, oldest first (the App Home queue). */
export async function openCounts(em: EntityManager): Promise<OpenCount[]> {
  const rows = await em.execute<Array<{ id: number; warehouse: string; lines: string; counted: string }>>(
    `select c.id, w.code as warehouse, count(l.id) as lines, count(l.counted) as counted
       from stock_count c join warehouse w on w.id = c.warehouse_id left join stock_count_line l on l.count_id = c.id
      where c.status = 'open' group by c.id, w.code order by c.id limit 20`,
  );
  return rows.map((row) => ({ id: Number(row.id), warehouse: row.warehouse, lines: Number(row.lines), counted: Number(row.counted) }));
}
