import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { creditReduced } from '../customers/index.ts';
import { publish } from '../shared/outbox.ts';
import { postRequired, type Movement } from '../inventory/index.ts';
import { applyStatusChange, lockedLines, Order } from '../orders/index.ts';
import { paymentsOfOrder, refreshPaymentStatus, requestRefund, totalsOf, type RefundRoute } from '../payments/index.ts';
import { PickList, PickListLine } from './pick-list.entity.ts';
import { getPickList, type PickListView } from './pick-list.service.ts';
import { completeIfDone, live, packCompletedOrder } from './scanning.ts';

/** What staff may do with units a picker could not find. */
export const shortPickChoices = ['backorder', 'ship_partial', 'cancel_line'] as const;
export type ShortPickChoice = (typeof shortPickChoices)[number];

/** A picker's report: of this SKU (on this order, when the list has it for several), `missing` units are not on the shelf. */
export interface ShortReport {
  sku: string;
  order?: string | undefined;
  missing: number;
}

/** Which short line a decision is about. */
export interface ShortDecision {
  pickList: string;
  order: string;
  sku: string;
  choice: ShortPickChoice;
}

export interface ShortPickOutcome {
  order: string;
  sku: string;
  choice: ShortPickChoice;
  missing: number;
  /** Units cancelled off the order (what went missing, or the whole line). */
  cancelled: number;
  /** What the order's total came down by, and the refund asked for (minor units). */
  creditedMinor: number;
  refundMinor: number;
  /** The order's status after the decision. */
  status: string;
}

/**
 * A picker reports units missing on a line of an open list: the line waits (the order cannot
 * pack) until staff decide in Slack, who are told with the choices. Reporting again before the
 * decision corrects the count.
 */
export async function reportShort(tx: EntityManager, number: string, report: ShortReport, actor: Actor): Promise<PickListView> {
  const pickList = await tx.findOne(PickList, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['warehouse'] });
  if (!pickList) throw new AppError('not_found', `No pick list ${number}`, { number });
  if (pickList.status !== 'open') throw new AppError('invalid_transition', `Pick list ${number} is ${pickList.status}`, { status: pickList.status });
  const lines = await tx.find(PickListLine, { pickList }, { populate: ['order'], orderBy: { id: 'asc' } });
  const candidates = lines.filter((line) => live(line) && line.sku.toUpperCase() === report.sku.toUpperCase() && (!report.order || line.order.number === report.order));
  if (candidates.length === 0) throw new AppError('not_found', `${report.sku} is not left to pick on ${number}${report.order ? ` for ${report.order}` : ''}`, { sku: report.sku, order: report.order ?? null });
  if (candidates.length > 1 && !report.order) throw new AppError('invalid_input', `${report.sku} is on ${number} for several orders; name the order`, { orders: candidates.map((line) => line.order.number) });
  const line = candidates[0]!;
  if (report.missing > line.quantity - line.scanned) {
    throw new AppError('rule_violation', `Only ${line.quantity - line.scanned} of ${line.sku} are not scanned yet on this line`, { missing: report.missing, unscanned: line.quantity - line.scanned });
  }
  const before = line.short;
  line.short = report.missing;
  audit(tx, actor, { entityType: 'pick_list', entityId: number, action: 'pick.short_reported', before: { short: before }, after: { order: line.order.number, sku: line.sku, asked: line.quantity, missing: report.missing } });
  publish(tx, 'fulfilment.short_pick', { type: 'order', id: line.order.number }, {
    orderNumber: line.order.number, pickList: number, warehouse: pickList.warehouse.code, sku: line.sku, name: line.name, asked: line.quantity, missing: report.missing,
  });
  await tx.flush();
  return getPickList(tx, number);
}

/**
 * Staff decide what becomes of units reported missing; the first decision wins (a second one
 * finds nothing waiting: `invalid_transition`). Either way the missing units leave the books as
 * a stock adjustment (reference `SHORT-<list>-<order>`). Then: `backorder` waits for stock like
 * any backorder (and ships later as its own parcel); `ship_partial` cancels the missing units;
 * `cancel_line` also puts the found ones back on the shelf and cancels the whole line. Cancelled
 * units come off the order's total, and what was paid above the new total is refunded through
 * the payments ledger. An order left with nothing is cancelled; one left complete packs.
 */
export async function decideShort(tx: EntityManager, decision: ShortDecision, actor: Actor, refundsByApi: RefundRoute): Promise<ShortPickOutcome> {
  const order = await tx.findOne(Order, { number: decision.order }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!order) throw new AppError('not_found', `No order ${decision.order}`, { number: decision.order });
  const pick = await tx.findOne(PickListLine, { pickList: { number: decision.pickList }, order, sku: decision.sku, short: { $gt: 0 }, closed: false }, { populate: ['pickList'] });
  if (!pick) throw new AppError('invalid_transition', `Nothing of ${decision.sku} on ${decision.pickList} waits for a decision (already decided?)`, { pickList: decision.pickList, order: decision.order, sku: decision.sku });
  // The order, then its lines (locked, read fresh), then stock: the lock order of every counter writer.
  const line = (await lockedLines(tx, order)).find((each) => each.id === pick.orderLine.id)!;
  const missing = pick.short;
  const rest = decision.choice === 'cancel_line' ? line.reserved - missing : 0;
  const cancelled = decision.choice === 'backorder' ? 0 : decision.choice === 'ship_partial' ? missing : missing + rest + line.backordered;
  // Counters first: a release below then cannot refill this line's own backorder.
  line.reserved -= missing + rest;
  line.backordered = decision.choice === 'backorder' ? line.backordered + missing : decision.choice === 'cancel_line' ? 0 : line.backordered;
  line.cancelled += cancelled;
  pick.short = 0;
  if (decision.choice === 'cancel_line') pick.closed = true;
  else pick.quantity -= missing;
  await tx.flush();
  const stock = { warehouseId: line.warehouse.id, productId: line.product.id, reference: `SHORT-${decision.pickList}-${order.number}`, actor };
  await postRequired(tx, [
    { ...stock, kind: 'adjustment', onHandDelta: -missing, reservedDelta: -missing },
    ...(rest > 0 ? [{ ...stock, kind: 'release', onHandDelta: 0, reservedDelta: -rest } satisfies Movement] : []),
  ]);
  if (decision.choice === 'cancel_line') await tx.execute('update pick_list_line set closed = true where order_line_id = ? and not closed', [line.id], 'run');
  // Stock may be free at this warehouse after all: the oldest backorders (this one among them) take it.
  if (decision.choice === 'backorder') await tx.execute('select fill_backorders(?::jsonb)', [JSON.stringify([{ warehouseId: line.warehouse.id, productId: line.product.id }])]);

  const creditedMinor = cancelled * line.unitPriceMinor;
  const refundMinor = creditedMinor > 0 ? await credit(tx, order, creditedMinor, `short pick ${decision.pickList} ${line.sku}`, `refund:short:${pick.id}`, refundsByApi, actor) : 0;
  audit(tx, actor, { entityType: 'order', entityId: order.number, action: 'pick.short_decided', after: { pickList: decision.pickList, sku: line.sku, missing, choice: decision.choice, cancelled, creditedMinor, refundMinor } });
  publish(tx, 'order.lines_changed', { type: 'order', id: order.number }, {
    orderNumber: order.number, customerId: order.customer.id, change: decision.choice === 'backorder' ? 'backordered' : 'cancelled',
    sku: line.sku, units: decision.choice === 'backorder' ? missing : cancelled, totalMinor: order.totalMinor, currency: order.currency, refundMinor,
  });
  await tx.flush();
  const status = await moveOn(tx, order, actor);
  const pickList = pick.pickList;
  completeIfDone(pickList, await tx.find(PickListLine, { pickList }, { populate: ['order'] }));
  await tx.flush();
  return { order: order.number, sku: line.sku, choice: decision.choice, missing, cancelled, creditedMinor, refundMinor, status };
}

/** Cancelled units come off the total; what was paid above it goes back (returns the refund asked for). */
async function credit(tx: EntityManager, order: Order, amountMinor: number, reason: string, key: string, refundsByApi: RefundRoute, actor: Actor): Promise<number> {
  order.subtotalMinor -= amountMinor;
  order.totalMinor = order.subtotalMinor + order.shippingMinor;
  order.version += 1;
  await tx.flush();
  // A company order counted its total against the account's credit: the cancelled part no longer does.
  if (order.account) await creditReduced(tx, { accountId: order.account.id, orderId: order.id, number: order.number }, key, amountMinor, actor);
  const rows = await paymentsOfOrder(tx, order);
  const totals = totalsOf(rows);
  const excess = Math.min(amountMinor, totals.paidMinor - totals.refundedMinor - totals.refundingMinor - order.totalMinor);
  if (excess > 0) await requestRefund(tx, order, { amountMinor: excess, key, reason }, refundsByApi, actor);
  else await refreshPaymentStatus(tx, order, rows);
  return Math.max(0, excess);
}

/** After a decision: an order with nothing left is cancelled (or, if part already left, shipped); a complete one packs. */
async function moveOn(tx: EntityManager, order: Order, actor: Actor): Promise<string> {
  const [units] = await tx.execute<Array<{ waiting: string; shipped: string }>>(
    'select coalesce(sum(reserved + backordered), 0) as waiting, coalesce(sum(shipped), 0) as shipped from order_line where order_id = ?', [order.id]);
  if (Number(units!.waiting) === 0 && Number(units!.shipped) === 0) {
    return (await applyStatusChange(tx, { number: order.number, to: 'cancelled', actor, reason: 'nothing left to send after a short pick' })).status;
  }
  if (Number(units!.waiting) === 0) {
    await applyStatusChange(tx, { number: order.number, to: 'packed', actor });
    return (await applyStatusChange(tx, { number: order.number, to: 'shipped', actor, units: new Map(), details: { parcels: 0 } })).status;
  }
  const packed = await packCompletedOrder(tx, order.id, order.number, actor);
  return packed.length > 0 ? 'packed' : order.status;
}
