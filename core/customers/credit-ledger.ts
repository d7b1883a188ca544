import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../shared/actor.ts';

/**
 * The credit ledger's writers. Each is one statement: the entry is written once per (kind,
 * reference) and the account's exposure moves by exactly its amount, so exposure always equals
 * the sum of the account's entries. Callers hold the order's row lock; the account row is
 * taken last (after order and stock rows), the lock order of intake.
 */

/** SQL: an order of the account unpaid past its due date (`$now` is the parameter's place). */
export const overdueOrderCondition = (now: string) =>
  `o.payment_due_at < ${now} and o.payment_status in ('unpaid', 'pending', 'partially_paid') and o.status not in ('cancelled', 'rejected', 'credit_hold')`;

interface OrderRef {
  accountId: number;
  orderId: number;
  number: string;
}

const actorParams = (actor: Actor) => [actor.type, actor.id ?? null];

/**
 * The order's total counts against the account: with `withinLimit`, only if the account is
 * active and the total fits under its limit (false: nothing written); otherwise as an audited
 * override (`override` entry) whatever the limit.
 */
export async function openCredit(tx: EntityManager, ref: OrderRef, amountMinor: number, withinLimit: boolean, actor: Actor): Promise<boolean> {
  const kind = withinLimit ? 'order_open' : 'override';
  const limit = withinLimit ? `and a.status = 'active' and a.credit_exposure_minor + ${Number(amountMinor)} <= a.credit_limit_minor` : '';
  const rows = await tx.execute<Array<{ id: number }>>(`
    with room as (
      update customer_account a set credit_exposure_minor = a.credit_exposure_minor + ?
       where a.id = ? ${limit} and not exists (select 1 from credit_entry e where e.kind = ? and e.reference = ?)
      returning a.id)
    insert into credit_entry (account_id, order_id, kind, amount_minor, reference, actor_type, actor_id, created_at)
    select room.id, ?, ?, ?, ?, ?, ?, now() from room returning id`,
  [amountMinor, ref.accountId, kind, ref.number, ref.orderId, kind, amountMinor, ref.number, ...actorParams(actor)]);
  return rows.length > 0;
}

/** What the order still counts against its account (the sum of its entries). */
async function owedBy(tx: EntityManager, orderId: number): Promise<number> {
  const [row] = await tx.execute<Array<{ owed: string }>>('select coalesce(sum(amount_minor), 0) as owed from credit_entry where order_id = ?', [orderId]);
  return Number(row!.owed);
}

async function lower(tx: EntityManager, ref: OrderRef, kind: 'order_closed' | 'payment' | 'adjustment', reference: string, amountMinor: number, actor: Actor): Promise<number> {
  if (amountMinor <= 0) return 0;
  const rows = await tx.execute<Array<{ id: number }>>(`
    with entry as (
      insert into credit_entry (account_id, order_id, kind, amount_minor, reference, actor_type, actor_id, created_at)
      values (?, ?, ?, ?, ?, ?, ?, now()) on conflict (kind, reference) do nothing returning account_id, amount_minor)
    update customer_account a set credit_exposure_minor = a.credit_exposure_minor + entry.amount_minor from entry where a.id = entry.account_id returning a.id`,
  [ref.accountId, ref.orderId, kind, -amountMinor, reference, ...actorParams(actor)]);
  return rows.length > 0 ? amountMinor : 0;
}

/** The order is closed (cancelled, rejected, returned): what it still counted comes off, once. */
export async function closeCredit(tx: EntityManager, ref: OrderRef, actor: Actor): Promise<number> {
  return lower(tx, ref, 'order_closed', ref.number, await owedBy(tx, ref.orderId), actor);
}

/** Money received for the order lowers the exposure by at most what the order counted, once per payment. */
export async function creditPayment(tx: EntityManager, ref: OrderRef, paymentKey: string, amountMinor: number, actor: Actor): Promise<number> {
  return lower(tx, ref, 'payment', paymentKey, Math.min(amountMinor, await owedBy(tx, ref.orderId)), actor);
}

/** Units of the order were cancelled (its total came down): the exposure comes down by as much, once per reference. */
export async function creditReduced(tx: EntityManager, ref: OrderRef, reference: string, amountMinor: number, actor: Actor): Promise<number> {
  return lower(tx, ref, 'adjustment', reference, Math.min(amountMinor, await owedBy(tx, ref.orderId)), actor);
}

/** Accounts whose exposure is not the sum of their entries (the hourly integrity check). */
export async function creditMismatches(em: EntityManager): Promise<Array<{ code: string; exposureMinor: number; ledgerMinor: number }>> {
  const rows = await em.execute<Array<{ code: string; exposure: string; ledger: string }>>(`
    select a.code, a.credit_exposure_minor as exposure, coalesce(sum(e.amount_minor), 0) as ledger
      from customer_account a left join credit_entry e on e.account_id = a.id
     group by a.id having a.credit_exposure_minor <> coalesce(sum(e.amount_minor), 0)`);
  return rows.map((row) => ({ code: row.code, exposureMinor: Number(row.exposure), ledgerMinor: Number(row.ledger) }));
}
