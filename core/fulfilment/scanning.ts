import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { isAllowed } from '../shared/authorization.ts';
import { audit } from '../shared/audit.ts';
import { applyStatusChange } from '../orders/index.ts';
import { PickList, PickListLine } from './pick-list.entity.ts';
import { isValidEan13 } from './ean.ts';
import { toView, type PickListView } from './pick-list.service.ts';

/** Lines of an order cancelled while it was being picked, or of a round that shipped, are no longer picked. */
export const live = (line: PickListLine) => line.order.status === 'picking' && !line.closed;

/** Units of a line still to scan: neither scanned nor reported missing. */
export const toScan = (line: PickListLine) => line.quantity - line.scanned - line.short;

/** A list is completed when nothing live is left to scan or to decide. */
export function completeIfDone(pickList: PickList, lines: PickListLine[]): void {
  if (pickList.status === 'open' && lines.every((line) => !live(line) || (line.scanned === line.quantity))) {
    pickList.status = 'completed';
    pickList.completedAt = new Date();
  }
}

/**
 * One scan at the packing bench. A 13-digit code must carry a valid EAN-13 check digit; the code
 * (a barcode, or a SKU typed by hand) must match an open line, else the scan is refused and names
 * the item expected next. When every reserved unit of an order is scanned it becomes `packed`.
 */
export async function scanItem(tx: EntityManager, number: string, scan: { barcode: string; quantity?: number | undefined }, actor: Actor): Promise<PickListView & { packed: string[] }> {
  const code = scan.barcode.trim();
  if (/^\d{13}$/.test(code) && !isValidEan13(code)) throw new AppError('wrong_barcode', `${code} is not a valid EAN-13 (check digit)`, { barcode: code });
  const pickList = await tx.findOne(PickList, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!pickList) throw new AppError('not_found', `No pick list ${number}`, { number });
  if (pickList.status !== 'open') throw new AppError('invalid_transition', `Pick list ${number} is ${pickList.status}`, { status: pickList.status });
  await tx.populate(pickList, ['warehouse']);
  const lines = await tx.find(PickListLine, { pickList }, { populate: ['order'], orderBy: { bin: 'asc', sku: 'asc', id: 'asc' } });
  const open = lines.filter((line) => toScan(line) > 0 && live(line));
  // A SKU typed in stands for a scan only where there is no barcode to scan, or by a supervisor (audited).
  const typed = (line: PickListLine) => line.sku.toUpperCase() === code.toUpperCase() && (!line.barcode || isAllowed(actor, 'fulfilment.override'));
  const match = open.find((line) => line.barcode === code) ?? open.find(typed);
  if (!match) {
    const next = open[0];
    const expected = next ? { sku: next.sku, name: next.name, barcode: next.barcode ?? null, bin: next.bin ?? null, remaining: toScan(next) } : null;
    throw new AppError('wrong_barcode', next ? `${code} is not an item left on this pick list; expected ${next.sku} ${next.name}${next.bin ? ` from bin ${next.bin}` : ''}` : `${code}: nothing is left to pick`, { barcode: code, expected });
  }
  const quantity = scan.quantity ?? 1;
  if (quantity > toScan(match)) {
    throw new AppError('wrong_barcode', `Only ${toScan(match)} of ${match.sku} left to pick on this line`, { barcode: code, remaining: toScan(match) });
  }
  match.scanned += quantity;
  if (match.barcode && match.barcode !== code) {
    audit(tx, actor, { entityType: 'pick_list', entityId: number, action: 'pick.sku_typed', after: { sku: match.sku, order: match.order.number, quantity } });
  }
  await tx.flush();
  const packed = await packCompletedOrder(tx, match.order.id, match.order.number, actor);
  completeIfDone(pickList, lines);
  await tx.flush();
  return { ...(await toView(tx, pickList)), packed };
}

/**
 * An order packs when every unit it has reserved is on a live list and scanned, and no missing
 * unit waits for a decision (a split order waits for its other warehouse; units that arrived
 * for a backorder while it was picked wait for a list of their own).
 */
export async function packCompletedOrder(tx: EntityManager, orderId: number, number: string, actor: Actor): Promise<string[]> {
  const [left] = await tx.execute<Array<{ open: string }>>(
    `select count(*) as open from order_line ol
       left join lateral (select coalesce(sum(pl.quantity), 0) as listed, coalesce(sum(pl.scanned), 0) as scanned, coalesce(sum(pl.short), 0) as short
                            from pick_list_line pl where pl.order_line_id = ol.id and not pl.closed) x on true
      where ol.order_id = ? and (x.scanned < ol.reserved or x.short > 0 or x.listed <> x.scanned)`,
    [orderId],
  );
  if (Number(left!.open) > 0) return [];
  await applyStatusChange(tx, { number, to: 'packed', actor });
  return [number];
}
