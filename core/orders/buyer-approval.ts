import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { customerIdOf, type Actor } from '../shared/actor.ts';
import { AppError } from '../shared/errors.ts';
import { audit } from '../shared/audit.ts';
import { publish } from '../shared/outbox.ts';
import { AuditEntry } from '../shared/audit.entity.ts';
import { AccountMember } from '../customers/index.ts';
import { buyerLimitReason } from './account-intake.ts';
import { Order } from './order.entity.ts';
import { applyStatusChange } from './order-transitions.ts';
import type { OrderView } from './order.view.ts';
import { getOrder } from './order.queries.ts';

/** The reason of an order an admin of the buyer's company rejected in their chat. */
export const buyerAdminRejectedReason = 'buyer_admin_rejected';

/** Who decided an order's buyer approval (the first click), for the one who came second. */
async function decidedBy(tx: EntityManager, number: string): Promise<string | null> {
  const entry = await tx.findOne(AuditEntry, { entityType: 'order', entityId: number, action: { $in: ['order.buyer_approved', 'order.buyer_rejected'] } }, { orderBy: { id: 'desc' } });
  if (!entry?.actorId) return null;
  const member = await tx.findOne(AccountMember, { customer: Number(entry.actorId) }, { populate: ['customer'] });
  return member?.customer.name ?? null;
}

/**
 * An admin of the buyer's company approves or rejects an order over the buyer's own limit, in
 * their chat. Only an active admin of that order's account may (anyone else: 403, even an
 * admin of another company); the order row is locked, so of two admins tapping at once the
 * second gets 409 naming who decided. Approving lifts `buyer_limit`: with no other reason the
 * order is confirmed; staff reasons (high value, large quantity) still go to staff, who are
 * asked now. Rejecting rejects it (stock released, credit closed, the buyer told).
 */
export async function decideBuyerApproval(tx: EntityManager, number: string, approve: boolean, actor: Actor): Promise<OrderView> {
  const customerId = customerIdOf(actor);
  const order = await tx.findOne(Order, { number }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const admin = customerId !== null && order?.account
    ? await tx.findOne(AccountMember, { customer: customerId, account: order.account, role: 'admin', active: true })
    : null;
  if (!order) throw new AppError('not_found', `No order ${number}`, { number });
  if (!admin) throw new AppError('forbidden', `Only an admin of the buyer's company may decide about order ${number}`, { number });
  if (order.status !== 'pending_approval' || !order.approvalReasons.includes(buyerLimitReason)) {
    throw new AppError('invalid_transition', `Order ${number} was already decided`, { number, status: order.status, decidedBy: await decidedBy(tx, number) });
  }
  const remaining = order.approvalReasons.filter((reason) => reason !== buyerLimitReason);
  audit(tx, actor, { entityType: 'order', entityId: number, action: approve ? 'order.buyer_approved' : 'order.buyer_rejected', before: { approvalReasons: order.approvalReasons }, after: { approvalReasons: remaining } });
  // The status change is the company's decision, carried out by the platform (the audit above names the admin).
  const byAdmin: Actor = { type: 'system', id: `buyer-admin:${customerId}` };
  if (!approve) return applyStatusChange(tx, { number, to: 'rejected', actor: byAdmin, reason: buyerAdminRejectedReason });
  order.approvalReasons = remaining;
  order.version += 1;
  if (remaining.length === 0) return applyStatusChange(tx, { number, to: 'confirmed', actor: byAdmin });
  publish(tx, 'order.approval_requested', { type: 'order', id: number }, { orderNumber: number, customerId: order.customer.id, status: order.status, approvalReasons: remaining });
  await tx.flush();
  return getOrder(tx, number);
}
