import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import { orderSnapshots } from './order-snapshots.ts';
import { chatIdentities, toCustomer, toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';
import { planTicketNotifications } from './ticket-notices.ts';
import { planInventoryNotifications } from './inventory-notices.ts';
import { planSupplierNotifications } from './supplier-notices.ts';
import { planReturnNotifications } from './return-notices.ts';
import { planQuoteNotifications } from './quote-notices.ts';
import { planPlanningNotifications } from './planning-notices.ts';
import { planBookingCustomerNotifications, planBookingNotifications } from './booking-notices.ts';
import { planChatReplies, planOpsNotifications } from './ops-notices.ts';
import { planFleetNotifications } from './fleet-notices.ts';
import type { CustomerHistory } from './notice.ts';
import { noticesForOrderEvent, type OrderSnapshot } from './order-notices.ts';
import type { Locale } from '../customers/index.ts';

/** Plans the notifications for a batch of relayed events (a few queries per batch, not per event). */
export async function planNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const planned = [
    ...(await planOrderNotifications(em, events, settings)),
    ...(await planTicketNotifications(em, events, settings)),
    ...(await planInventoryNotifications(em, events, settings)),
    ...(await planReturnNotifications(em, events, settings)),
    ...(await planSupplierNotifications(em, events, settings)),
    ...(await planQuoteNotifications(em, events, settings)),
    ...(await planPlanningNotifications(em, events, settings)),
    ...planBookingNotifications(events, settings),
    ...(await planBookingCustomerNotifications(em, events, settings)),
    ...(await planFleetNotifications(em, events, settings)),
    ...planOpsNotifications(events, settings),
    ...planChatReplies(events, settings),
  ];
  return planned.sort((a, b) => a.eventId - b.eventId);
}

/** Order events: the orders with their lines and the reachable chat identities, in three queries. */
async function planOrderNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const numbers = [...new Set(events.filter((event) => event.aggregateType === 'order').map((event) => event.aggregateId))];
  if (numbers.length === 0) return [];
  const orders = await orderSnapshots(em, numbers);
  const identities = await chatIdentities(em, [...orders.values()].map((order) => order.customer.id), settings);
  const histories = await customerHistories(em, events.filter((event) => event.topic === 'order.approval_requested').map((event) => event.aggregateId));
  const admins = await accountAdmins(em, events.filter((event) => event.topic === 'order.approval_requested').map((event) => event.aggregateId));
  const adminIdentities = await chatIdentities(em, [...admins.values()].flat().map((admin) => admin.id), settings);

  return events.flatMap((event) => {
    const order = orders.get(event.aggregateId);
    if (event.aggregateType !== 'order' || !order) return [];
    const history = histories.get(event.aggregateId) ?? { previousOrders: 0, cancelledOrders: 0 };
    const snapshot: OrderSnapshot = { summary: order.summary, customerName: order.customer.name, history };
    return noticesForOrderEvent(event, snapshot).flatMap(({ audience, notice }): PlannedNotification[] => {
      if (audience === 'account_admins') return (admins.get(event.aggregateId) ?? []).flatMap((admin) => toCustomer(adminIdentities, event.id, admin, notice));
      if (audience !== 'customer') {
        return settings.channels.has('slack') ? toStaff(audience === 'approvals' ? settings.approvalsChannel : settings.opsChannel, event.id, settings.staffLocale, notice) : [];
      }
      return toCustomer(identities, event.id, order.customer, notice);
    });
  });
}

/** For each order number of a company account: the account's active admins (who decide about their buyers' limits). */
async function accountAdmins(em: EntityManager, numbers: string[]): Promise<Map<string, Array<{ id: number; locale: Locale }>>> {
  if (numbers.length === 0) return new Map();
  const rows = await em.execute<Array<{ number: string; customer_id: number; locale: Locale }>>(
    `select o.number, c.id as customer_id, c.locale from "order" o
       join account_member m on m.account_id = o.account_id and m.role = 'admin' and m.active
       join customer c on c.id = m.customer_id
      where o.number in (?) order by c.id`,
    [numbers],
  );
  const byOrder = new Map<string, Array<{ id: number; locale: Locale }>>();
  for (const row of rows) byOrder.set(row.number, [...(byOrder.get(row.number) ?? []), { id: Number(row.customer_id), locale: row.locale }]);
  return byOrder;
}

/** For each order number: how many orders its customer placed before it, and how many of those were cancelled. */
async function customerHistories(em: EntityManager, numbers: string[]): Promise<Map<string, CustomerHistory>> {
  if (numbers.length === 0) return new Map();
  const rows = await em.execute<Array<{ number: string; previous: string; cancelled: string }>>(
    `select o.number, count(p.id) as previous, count(p.id) filter (where p.status in ('cancelled', 'rejected')) as cancelled
       from "order" o left join "order" p on p.customer_id = o.customer_id and p.id < o.id
      where o.number in (?) group by o.number`,
    [numbers],
  );
  return new Map(rows.map((row) => [row.number, { previousOrders: Number(row.previous), cancelledOrders: Number(row.cancelled) }]));
}

