import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import { ReturnRequest } from '../service/index.ts';
import { chatIdentities, toCustomer, toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

/** A return request goes to the support channel (with Approve / Reject); decisions and refunds to the customer. */
export async function planReturnNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const relevant = events.filter((event) => event.aggregateType === 'return');
  if (relevant.length === 0) return [];
  const requests = new Map((await em.find(ReturnRequest, { rma: { $in: relevant.map((event) => event.aggregateId) } }, { populate: ['order', 'customer'] })).map((request) => [request.rma, request]));
  const identities = await chatIdentities(em, [...requests.values()].map((request) => request.customer.id), settings);
  const support = settings.supportChannel && settings.channels.has('slack') ? settings.supportChannel : undefined;
  return relevant.flatMap((event): PlannedNotification[] => {
    const request = requests.get(event.aggregateId);
    if (!request) return [];
    const orderNumber = request.order.number;
    switch (event.topic) {
      case 'return.requested':
        return toStaff(support, event.id, settings.staffLocale, {
          kind: 'staff_return_requested', rma: request.rma, orderNumber, customerName: request.customer.name, reason: request.reason, items: request.lines.map((line) => `${line.sku} ×${line.quantity}`).join(', '),
        });
      case 'return.decided':
        return toCustomer(identities, event.id, request.customer, { kind: 'return_decided', rma: request.rma, orderNumber, approved: Boolean(event.payload.approved), reason: typeof event.payload.reason === 'string' ? event.payload.reason : null });
      case 'return.refunded':
        return toCustomer(identities, event.id, request.customer, { kind: 'return_refunded', rma: request.rma, orderNumber });
      default:
        return [];
    }
  });
}
