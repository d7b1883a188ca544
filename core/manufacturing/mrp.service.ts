import type { EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { localDate, startOfLocalDay } from '../shared/calendar.ts';
import { createPurchaseOrder } from '../procurement/purchase-order.service.ts';
import { MrpRun, MrpSuggestion } from './mrp.entity.ts';
import { planMaterials } from './mrp.ts';
import { readPlan } from './mrp.read.ts';
import { createProductionOrder } from './production.service.ts';
import { suggestionViews, type PlanView, type SuggestionView } from './mrp.view.ts';

/**
 * One planning run, in the caller's transaction, which must not have read anything yet: it
 * becomes REPEATABLE READ so every figure is of one moment, and holds the planning lock, so a
 * second run started meanwhile is refused (409 `concurrent_update`) rather than planning the same
 * demand twice. The open suggestions of earlier runs are superseded by this run's; accepted ones
 * already count as the documents they became (`announce`: post the summary to the ops channel;
 * a run asked for in Slack answers there instead). Dates are planned by the business day, so runs on
 * one day with nothing changed suggest the same. Publishes `mrp.run_finished` for the ops summary.
 */
export async function runMrp(tx: EntityManager, actor: Actor, now: Date, horizonDays: number, timeZone: string, announce = true): Promise<PlanView> {
  await tx.execute('set transaction isolation level repeatable read');
  const [lock] = await tx.execute<Array<{ locked: boolean }>>(`select pg_try_advisory_xact_lock(hashtext('mrp-run')) as locked`);
  if (!lock!.locked) throw new AppError('concurrent_update', 'A planning run is in progress; its suggestions will be ready shortly', {});
  const plan = planMaterials({ today: startOfLocalDay(localDate(now, timeZone), timeZone), ...(await readPlan(tx, now, horizonDays)) });
  await tx.nativeUpdate(MrpSuggestion, { status: 'open' }, { status: 'superseded' });
  const run = tx.create(MrpRun, { startedAt: now, finishedAt: new Date(), horizonDays, startedBy: actorLabel(actor) });
  await tx.flush();
  const skus = new Map((await tx.execute<Array<{ id: number; sku: string }>>('select id, sku from product where id in (?)', [[0, ...plan.map((each) => each.productId)]])).map((row) => [row.id, row.sku]));
  for (const each of plan) {
    tx.create(MrpSuggestion, {
      run, product: each.productId, warehouse: each.warehouseId, action: each.action, quantity: each.quantity, needBy: each.needBy, startBy: each.startBy,
      supplier: each.supplierId, bom: each.bomId, late: each.late, status: 'open', convertedTo: null, decidedBy: null, decidedAt: null,
      // A component's demand from a make suggestion names the product made.
      pegging: each.pegging.map((peg) => ({ ...peg, source: peg.source.startsWith('make:') ? `make ${skus.get(Number(peg.source.slice(5))) ?? peg.source}` : peg.source })),
    });
  }
  await tx.flush();
  const buys = plan.filter((each) => each.action === 'buy');
  publish(tx, 'mrp.run_finished', { type: 'mrp_run', id: String(run.id) }, {
    runId: run.id, announce, suggestions: plan.length, buy: buys.length, lateBuy: buys.filter((each) => each.late).length, make: plan.length - buys.length,
  });
  await tx.flush();
  return { runId: run.id, startedAt: run.startedAt.toISOString(), horizonDays, suggestions: await suggestionViews(tx, { run: run.id }) };
}

/**
 * Turns an open suggestion into a draft purchase order (buy) or production order (make), once:
 * the status changes by a conditional update, so of two clicks the second finds it accepted and
 * gets the same document back (`created: false`). A superseded or dismissed one: 409.
 */
export async function acceptSuggestion(tx: EntityManager, id: number, actor: Actor, now: Date, timeZone: string): Promise<{ suggestion: SuggestionView; created: boolean }> {
  const current = await tx.findOne(MrpSuggestion, { id }, { populate: ['product', 'warehouse', 'supplier'] });
  if (!current) throw new AppError('not_found', `No suggestion ${id}`, { id });
  if (current.action === 'buy' && !current.supplier) throw new AppError('rule_violation', `${current.product.sku} has no supplier: set one on its reorder policy first`, { sku: current.product.sku });
  const taken = await tx.nativeUpdate(MrpSuggestion, { id, status: 'open' }, { status: 'accepted', decidedBy: actorLabel(actor), decidedAt: now });
  if (taken === 0) {
    await tx.refresh(current);
    if (current.status !== 'accepted') throw new AppError('invalid_transition', `Suggestion ${id} is ${current.status}`, { id, status: current.status });
    return { suggestion: (await suggestionViews(tx, { id }))[0]!, created: false };
  }
  const document = current.action === 'buy'
    ? (await createPurchaseOrder(tx, { supplier: current.supplier!.code, warehouse: current.warehouse.code, lines: [{ sku: current.product.sku, quantity: current.quantity }], expectedAt: current.needBy, actor }, now)).number
    : (await createProductionOrder(tx, { sku: current.product.sku, quantity: current.quantity, warehouse: current.warehouse.code, dueAt: current.needBy }, 'mrp', actor, now, timeZone)).number;
  await tx.nativeUpdate(MrpSuggestion, { id }, { convertedTo: document });
  audit(tx, actor, { entityType: 'mrp_suggestion', entityId: String(id), action: 'mrp.accepted', after: { document } });
  await tx.flush();
  return { suggestion: (await suggestionViews(tx, { id }))[0]!, created: true };
}

/** Every open buy suggestion of one supplier, one draft purchase order per warehouse (the "create all POs" button). */
export async function acceptSupplier(tx: EntityManager, supplierCode: string, actor: Actor, now: Date): Promise<SuggestionView[]> {
  const rows = await tx.execute<Array<{ id: number; warehouse: string; sku: string; quantity: number; need_by: Date }>>(
    `update mrp_suggestion s set status = 'accepted', decided_by = ?, decided_at = ?
       from supplier sp, warehouse w, product p
      where sp.id = s.supplier_id and w.id = s.warehouse_id and p.id = s.product_id and sp.code = ? and s.status = 'open' and s.action = 'buy'
      returning s.id, w.code as warehouse, p.sku, s.quantity, s.need_by`,
    [actorLabel(actor), now, supplierCode],
  );
  if (rows.length === 0) throw new AppError('not_found', `No open suggestion to buy from ${supplierCode}`, { supplier: supplierCode });
  for (const warehouse of [...new Set(rows.map((row) => row.warehouse))].sort()) {
    const lines = rows.filter((row) => row.warehouse === warehouse).sort((a, b) => a.id - b.id);
    const expectedAt = new Date(Math.min(...lines.map((line) => new Date(line.need_by).getTime())));
    const order = await createPurchaseOrder(tx, { supplier: supplierCode, warehouse, lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity })), expectedAt, actor }, now);
    await tx.nativeUpdate(MrpSuggestion, { id: { $in: lines.map((line) => line.id) } }, { convertedTo: order.number });
  }
  audit(tx, actor, { entityType: 'supplier', entityId: supplierCode, action: 'mrp.accepted', after: { suggestions: rows.map((row) => row.id) } });
  await tx.flush();
  return suggestionViews(tx, { id: { $in: rows.map((row) => row.id) } });
}

/** An open suggestion set aside; the next run suggests again what is still short. */
export async function dismissSuggestion(tx: EntityManager, id: number, actor: Actor, now: Date): Promise<SuggestionView> {
  const changed = await tx.nativeUpdate(MrpSuggestion, { id, status: 'open' }, { status: 'dismissed', decidedBy: actorLabel(actor), decidedAt: now });
  const [view] = await suggestionViews(tx, { id });
  if (!view) throw new AppError('not_found', `No suggestion ${id}`, { id });
  if (changed === 0) throw new AppError('invalid_transition', `Suggestion ${id} is ${view.status}`, { id, status: view.status });
  return view;
}
