import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { actorLabel, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { nextDocumentNumber } from '../shared/document-number.ts';
import { findWarehouse } from '../inventory/index.ts';
import { applyStatusChange, waitingForProduction } from '../orders/index.ts';
import { PickList, PickListLine } from './pick-list.entity.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What a new pick list takes: a warehouse (default one when absent), some orders or the oldest ones. */
export interface PickListInput {
  warehouse?: string | undefined;
  orders?: string[] | undefined;
  maxOrders?: number | undefined;
  actor: Actor;
}

export interface PickListView {
  number: string;
  warehouse: string;
  status: string;
  orders: string[];
  /** `short`: units the picker reported missing, waiting for staff to decide. */
  lines: Array<{ order: string; sku: string; name: string; barcode: string | null; bin: string | null; quantity: number; scanned: number; short: number }>;
}

/** A pick list with its lines, as clients see it. */
export async function toView(em: EntityManager, pickList: PickList): Promise<PickListView> {
  const lines = await em.find(PickListLine, { pickList }, { populate: ['order'], orderBy: { id: 'asc' } });
  return {
    number: pickList.number, warehouse: pickList.warehouse.code, status: pickList.status,
    orders: [...new Set(lines.map((line) => line.order.number))],
    lines: lines.map((line) => ({ order: line.order.number, sku: line.sku, name: line.name, barcode: line.barcode ?? null, bin: line.bin ?? null, quantity: line.quantity, scanned: line.scanned, short: line.short })),
  };
}

/**
 * Batches the reserved units not on a list yet (confirmed orders, the other warehouse's part of
 * split orders, backordered units that arrived for partly shipped ones; not an order of a company
 * on `ship_complete` while any of its units waits for stock, nor one waiting for units made to order) of one warehouse into a
 * pick list sorted by bin, and moves the orders to `picking`, in one transaction. Returns the
 * list and the one-time token of its printable page (only its hash is stored).
 */
export async function createPickList(tx: EntityManager, input: PickListInput): Promise<{ pickList: PickListView; token: string }> {
  const warehouse = await findWarehouse(tx, input.warehouse);
  const chosen = await tx.execute<Array<{ number: string; status: string }>>(
    `select o.number, o.status from "order" o
      where o.status in ('confirmed', 'picking', 'partially_shipped') ${input.orders ? 'and o.number in (?)' : ''}
        and exists (select 1 from order_line ol where ol.order_id = o.id and ol.warehouse_id = ? and ${unlisted('ol')} > 0)
        -- A company that wants its order complete: nothing is picked while any unit still waits for stock.
        and not exists (select 1 from customer_account a where a.id = o.account_id and a.backorder_policy = 'ship_complete'
                          and exists (select 1 from order_line w where w.order_id = o.id and w.backordered > 0))
        -- A made-to-order order waits until what is being made for it is made.
        and not ${waitingForProduction('o')}
      order by o.id limit ? for update of o skip locked`,
    [...(input.orders ? [input.orders] : []), warehouse.id, input.maxOrders ?? 20],
  );
  if (chosen.length === 0) throw new AppError('rule_violation', `No confirmed orders to pick at ${warehouse.code}`);
  for (const order of chosen.filter((each) => each.status !== 'picking')) await applyStatusChange(tx, { number: order.number, to: 'picking', actor: input.actor });

  const number = await nextDocumentNumber(tx, 'pick_list_number_seq', 'PL');
  const token = randomBytes(24).toString('base64url');
  const pickList = tx.create(PickList, { number, warehouse, tokenHash: hashToken(token), createdBy: actorLabel(input.actor) });
  const lines = await tx.execute<Array<{ order_id: number; line_id: number; sku: string; name: string; barcode: string | null; bin: string | null; quantity: number }>>(
    `select ol.order_id, ol.id as line_id, ol.sku, ol.name, p.barcode, s.bin, ${unlisted('ol')} as quantity
       from order_line ol join "order" o on o.id = ol.order_id join product p on p.id = ol.product_id
       left join stock_level s on s.warehouse_id = ol.warehouse_id and s.product_id = ol.product_id
      where o.number in (?) and ol.warehouse_id = ? and ${unlisted('ol')} > 0
      order by s.bin nulls last, ol.sku, ol.id`,
    [chosen.map((order) => order.number), warehouse.id],
  );
  for (const line of lines) {
    tx.create(PickListLine, { pickList, order: line.order_id, orderLine: line.line_id, sku: line.sku, name: line.name, barcode: line.barcode, bin: line.bin, quantity: line.quantity });
  }
  audit(tx, input.actor, { entityType: 'pick_list', entityId: pickList.number, action: 'pick_list.created', after: { orders: chosen.map((order) => order.number) } });
  await tx.flush();
  return { pickList: await toView(tx, pickList), token };
}

/**
 * The pick list behind a printable page's token, or null: the token must match, the list must
 * still be open (a completed list's link is dead), and the token younger than `maxAgeHours`.
 */
export async function pickListForToken(em: EntityManager, number: string, token: string, now: Date, maxAgeHours: number): Promise<PickListView | null> {
  const pickList = await em.findOne(PickList, { number }, { populate: ['warehouse'] });
  if (!pickList) return null;
  const given = Buffer.from(hashToken(token));
  if (!timingSafeEqual(given, Buffer.from(pickList.tokenHash))) return null;
  const expired = pickList.status === 'completed' || now.getTime() - pickList.createdAt.getTime() > maxAgeHours * 3_600_000;
  return expired ? null : toView(em, pickList);
}

export async function getPickList(em: EntityManager, number: string): Promise<PickListView> {
  const pickList = await em.findOne(PickList, { number }, { populate: ['warehouse'] });
  if (!pickList) throw new AppError('not_found', `No pick list ${number}`, { number });
  return toView(em, pickList);
}

/** SQL: the reserved units of an order line (alias `line`) not on a live pick list yet; none for a booked service (its unit is the booking's time). */
function unlisted(line: string): string {
  return `(case when not ${line}.stocked then 0 else ${line}.reserved end - (select coalesce(sum(pl.quantity), 0) from pick_list_line pl where pl.order_line_id = ${line}.id and not pl.closed))`;
}

/** An open pick list as a queue shows it. */
export interface OpenPickList {
  number: string;
  warehouse: string;
  orders: number;
  units: number;
  scanned: number;
}

/** Open pick lists, oldest first (the App Home queue). */
export async function openPickLists(em: EntityManager): Promise<OpenPickList[]> {
  const rows = await em.execute<Array<{ number: string; warehouse: string; orders: string; units: string; scanned: string }>>(
    `select p.number, w.code as warehouse, count(distinct l.order_id) as orders, coalesce(sum(l.quantity), 0) as units, coalesce(sum(l.scanned), 0) as scanned
       from pick_list p join warehouse w on w.id = p.warehouse_id left join pick_list_line l on l.pick_list_id = p.id and not l.closed
      where p.status = 'open' group by p.id, p.number, w.code order by p.id limit 20`,
  );
  return rows.map((row) => ({ number: row.number, warehouse: row.warehouse, orders: Number(row.orders), units: Number(row.units), scanned: Number(row.scanned) }));
}

/** A picker takes a list: the first claim wins (a second claimer gets `invalid_transition` naming the first); claiming again is a no-op. */
export async function claimPickList(tx: EntityManager, number: string, actor: Actor): Promise<PickListView & { claimedBy: string }> {
  const pickList = await tx.findOne(PickList, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['warehouse'] });
  if (!pickList) throw new AppError('not_found', `No pick list ${number}`, { number });
  if (pickList.status !== 'open') throw new AppError('invalid_transition', `Pick list ${number} is ${pickList.status}`, { status: pickList.status });
  const claimer = actorLabel(actor);
  if (pickList.claimedBy && pickList.claimedBy !== claimer) throw new AppError('invalid_transition', `Pick list ${number} is claimed by ${pickList.claimedBy}`, { claimedBy: pickList.claimedBy });
  if (!pickList.claimedBy) {
    pickList.claimedBy = claimer;
    audit(tx, actor, { entityType: 'pick_list', entityId: number, action: 'pick_list.claimed', after: { claimedBy: claimer } });
    await tx.flush();
  }
  return { ...(await toView(tx, pickList)), claimedBy: claimer };
}
