import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../customers/index.ts';
import { staffWithRoles } from '../staff/index.ts';
import { insertNotifications, pendingOfKind, type NotificationRef } from './notification.repository.ts';
import { orderSnapshots } from './order-snapshots.ts';
import { toStaff } from './notification-recipients.ts';

/**
 * An order still waiting for approval when a rung of the ladder falls due: at `remind`, one
 * direct message per manager and admin; at `escalate`, one post to the managers' channel (none
 * configured: nothing). Both carry Approve and Reject. Written as notifications of the original
 * event, so running a rung twice messages nobody twice. Returns the rows to send, or [] when
 * the order was decided.
 */
export async function planApprovalReminders(
  em: EntityManager, eventId: number, orderNumber: string, locale: Locale, now: Date, escalation: { to: string | undefined } | null,
): Promise<NotificationRef[]> {
  const order = (await orderSnapshots(em, [orderNumber])).get(orderNumber);
  if (!order || order.status !== 'pending_approval') return [];
  const waitingMinutes = Math.max(1, Math.round((now.getTime() - order.placedAt.getTime()) / 60_000));
  const notice = { kind: 'staff_approval_reminder', order: order.summary, customerName: order.customer.name, waitingMinutes, escalated: escalation !== null } as const;
  // A channel reads the shop's language; a direct message, the manager's own (`/lang`).
  const recipients = escalation ? [{ to: escalation.to, locale }] : (await staffWithRoles(em, ['manager', 'admin'])).map((manager) => ({ to: manager.slackUserId, locale: manager.locale ?? locale }));
  await insertNotifications(em, recipients.flatMap((recipient) => toStaff(recipient.to, eventId, recipient.locale, notice)));
  return pendingOfKind(em, eventId, 'staff_approval_reminder');
}
