import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxRecord } from '../shared/outbox.ts';
import type { PlanningRow } from './notice.ts';
import { toStaff, type NotificationSettings, type PlannedNotification } from './notification-recipients.ts';

/** The most suggestions one Slack card shows (each takes two blocks of Slack's fifty). */
export const planningRowsShown = 15;

/**
 * A planning run that was not asked for in Slack (the 06:00 schedule, the API) posts its summary
 * to the ops channel: the open suggestions, late ones first, each with its buttons.
 */
export async function planPlanningNotifications(em: EntityManager, events: OutboxRecord[], settings: NotificationSettings): Promise<PlannedNotification[]> {
  const runs = events.filter((event) => event.topic === 'mrp.run_finished' && event.payload.announce !== false);
  if (runs.length === 0 || !settings.opsChannel || !settings.channels.has('slack')) return [];
  const planned: PlannedNotification[] = [];
  for (const event of runs) {
    const rows = await planningRows(em, Number(event.payload.runId));
    planned.push(...toStaff(settings.opsChannel, event.id, settings.staffLocale, {
      kind: 'staff_mrp_summary', runId: Number(event.payload.runId), buy: Number(event.payload.buy), lateBuy: Number(event.payload.lateBuy), make: Number(event.payload.make),
      rows: rows.slice(0, planningRowsShown), more: Math.max(0, rows.length - planningRowsShown),
    }));
  }
  return planned;
}

/** A run's open suggestions as staff see them, late ones first, then by start date. */
export async function planningRows(em: EntityManager, runId: number): Promise<PlanningRow[]> {
  const rows = await em.execute<Array<{ id: number; action: 'buy' | 'make'; sku: string; name: string; quantity: number; warehouse: string; start_by: Date; late: boolean; supplier: string | null }>>(
    `select s.id, s.action, p.sku, p.name, s.quantity, w.code as warehouse, s.start_by, s.late, sp.code as supplier
       from mrp_suggestion s join product p on p.id = s.product_id join warehouse w on w.id = s.warehouse_id left join supplier sp on sp.id = s.supplier_id
      where s.run_id = ? and s.status = 'open' order by s.late desc, s.start_by, p.sku, s.id`,
    [runId],
  );
  return rows.map((row) => ({ ...row, startBy: new Date(row.start_by).toISOString() }));
}
