import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import type { Notice } from './notice.ts';
import { toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

/** Low-stock, integrity and count-opened events go to the Slack ops channel. */
export async function planInventoryNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const relevant = events.filter((event) => ['inventory.low_stock', 'inventory.integrity_mismatch', 'inventory.count_opened'].includes(event.topic));
  if (relevant.length === 0 || !settings.opsChannel || !settings.channels.has('slack')) return [];
  const lowStock = relevant.filter((event) => event.topic === 'inventory.low_stock');
  const names = lowStock.length === 0 ? [] : await em.execute<Array<{ warehouse_id: number; product_id: number; code: string; sku: string; name: string }>>(
    `select w.id as warehouse_id, p.id as product_id, w.code, p.sku, p.name from warehouse w, product p
      where (w.id, p.id) in (${lowStock.map(() => '(?, ?)').join(', ')})`,
    lowStock.flatMap((event) => [Number(event.payload.warehouseId), Number(event.payload.productId)]),
  );
  return relevant.flatMap((event): PlannedNotification[] => {
    let notice: Notice;
    if (event.topic === 'inventory.low_stock') {
      const row = names.find((each) => each.warehouse_id === Number(event.payload.warehouseId) && each.product_id === Number(event.payload.productId));
      if (!row) return [];
      notice = {
        kind: 'staff_low_stock', warehouseId: row.warehouse_id, warehouseCode: row.code, productId: row.product_id, sku: row.sku, productName: row.name,
        available: Number(event.payload.available), reorderPoint: Number(event.payload.reorderPoint),
      };
    } else if (event.topic === 'inventory.count_opened') {
      notice = {
        kind: 'staff_count_opened', countId: Number(event.payload.countId), warehouse: String(event.payload.warehouse),
        abcClass: typeof event.payload.abcClass === 'string' ? event.payload.abcClass : null, lines: Number(event.payload.lines),
      };
    } else {
      notice = { kind: 'staff_integrity_alert', rows: (event.payload.rows as Extract<Notice, { kind: 'staff_integrity_alert' }>['rows']) ?? [] };
    }
    return toStaff(settings.opsChannel, event.id, settings.staffLocale, notice);
  });
}
