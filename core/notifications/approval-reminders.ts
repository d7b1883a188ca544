import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../customers/index.ts';
import { staffWithRoles } from '../staff/index.ts';
import { insertNotifications, pendingOfKind, type NotificationRef } from './notification.repository.ts';
import { orderSnapshots } from './order-snapshots.ts';
import { toStaff } from './notification-recipients.ts';

/**
 * An order still waiting for approval after the reminder delay: one direct message per
 * manager and admin, written as notifications of the original event (so running this twice
 * reminds nobody twice). Returns the notification rows to send, or [] when it was decided.
 */
export async function planApprovalReminders(em: EntityManager, eventId: number, orderNumber: string, locale: Locale, now: Date): Promise<NotificationRef[]> {
  const order = (await orderSnapshots(em, [orderNumber])).get(orderNumber);
  if (!order || order.status !== 'pending_approval') return [];
  const managers = await staffWithRoles(em, ['manager', 'admin']);
  const waitingMinutes = Math.max(1, Math.round((now.getTime() - order.placedAt.getTime()) / 60_000));
  const notice = { kind: 'staff_approval_reminder', order: order.summary, customerName: order.customer.name, waitingMinutes } as const;
  await insertNotifications(em, managers.flatMap((manager) => toStaff(manager.slackUserId, eventId, locale, notice)));
  return pendingOfKind(em, eventId, 'staff_approval_reminder');
}
