import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import type { NotificationSettings, PlannedNotification } from './notification-recipients.ts';

/**
 * A purchase order marked sent goes to its supplier by e-mail, in the staff's language, when
 * e-mail is on and the supplier has an address (one statement for the batch's orders).
 */
export async function planSupplierNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const sent = events.filter((event) => event.topic === 'purchase_order.sent');
  if (sent.length === 0 || !settings.channels.has('email')) return [];
  const rows = await em.execute<Array<{ number: string; email: string | null; supplier_name: string; warehouse: string; expected_at: Date | null; lines: Array<{ sku: string; name: string; quantity: number }> }>>(
    `select po.number, s.email, s.name as supplier_name, w.name as warehouse, po.expected_at,
            (select json_agg(json_build_object('sku', l.sku, 'name', p.name, 'quantity', l.quantity_ordered) order by l.sku)
               from purchase_order_line l join product p on p.id = l.product_id where l.purchase_order_id = po.id) as lines
       from purchase_order po join supplier s on s.id = po.supplier_id join warehouse w on w.id = po.warehouse_id
      where po.number in (?)`,
    [sent.map((event) => event.aggregateId)],
  );
  return sent.flatMap((event): PlannedNotification[] => {
    const row = rows.find((each) => each.number === event.aggregateId);
    if (!row?.email) return [];
    return [{
      eventId: event.id, channel: 'email', recipient: row.email, identityId: null, locale: settings.staffLocale,
      notice: {
        kind: 'supplier_purchase_order', number: row.number, supplierName: row.supplier_name, warehouse: row.warehouse,
        expectedAt: row.expected_at ? new Date(row.expected_at).toISOString() : null, lines: row.lines ?? [],
      },
    }];
  });
}
