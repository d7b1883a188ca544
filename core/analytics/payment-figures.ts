import type { EntityManager } from '@mikro-orm/postgresql';
import { dayEnd, dayParams, dayStart } from './report-window.ts';
import type { MoneyFigure } from './order-figures.ts';
import { overdueOrderCondition } from '../customers/index.ts';

const money = (rows: Array<{ currency: string; total: string | null }>): MoneyFigure[] =>
  rows.filter((row) => Number(row.total ?? 0) !== 0).map((row) => ({ currency: row.currency, totalMinor: Number(row.total ?? 0) }));

/**
 * The day's money: received (payments recorded that day), still unpaid on the day's kept orders,
 * refunded that day, cash carriers held at the end of the day (per carrier), and orders cancelled
 * because their online payment did not come in time.
 */
export async function paymentFigures(em: EntityManager, date: string, timeZone: string) {
  const day = [...dayParams(date, timeZone), ...dayParams(date, timeZone)];
  const received = await em.execute<Array<{ currency: string; total: string | null }>>(
    `select p.currency, sum(p.amount_minor) as total from payment p
      where p.kind = 'payment' and p.state in ('collected', 'succeeded') and p.created_at >= ${dayStart} and p.created_at < ${dayEnd} group by p.currency order by p.currency`, day);
  const unpaid = await em.execute<Array<{ currency: string; total: string | null }>>(
    `select o.currency, sum(o.total_minor - coalesce((select sum(p.amount_minor) from payment p where p.order_id = o.id and p.kind = 'payment' and p.state in ('collected', 'succeeded')), 0)) as total
       from "order" o where o.placed_at >= ${dayStart} and o.placed_at < ${dayEnd} and o.status not in ('cancelled', 'rejected')
      group by o.currency order by o.currency`, day);
  const refunded = await em.execute<Array<{ currency: string; total: string | null }>>(
    `select p.currency, sum(p.amount_minor) as total from payment p
      where p.kind = 'refund' and p.state = 'succeeded' and p.settled_at >= ${dayStart} and p.settled_at < ${dayEnd} group by p.currency order by p.currency`, day);
  const cod = await em.execute<Array<{ carrier: string; currency: string; total: string; orders: string }>>(
    `select p.provider as carrier, p.currency, sum(p.amount_minor) as total, count(*) as orders from payment p
      where p.kind = 'payment' and p.method = 'cash_on_delivery' and p.created_at < ${dayEnd}
        and (p.state = 'collected' or (p.state = 'succeeded' and p.settled_at >= ${dayEnd}))
      group by p.provider, p.currency order by p.provider, p.currency`, [...dayParams(date, timeZone), ...dayParams(date, timeZone)]);
  const [expired] = await em.execute<Array<{ count: string }>>(
    `select count(*) from audit_entry a where a.entity_type = 'order' and a.action = 'order.cancelled' and a.after->>'reason' = 'payment_expired'
        and a.created_at >= ${dayStart} and a.created_at < ${dayEnd}`, day);
  return {
    paidRevenue: money(received),
    unpaidRevenue: money(unpaid),
    refunds: money(refunded),
    codOutstanding: cod.map((row) => ({ carrier: row.carrier, currency: row.currency, totalMinor: Number(row.total), orders: Number(row.orders) })),
    expiredOrders: Number(expired?.count ?? 0),
  };
}

/**
 * Company accounts, as things stand when the report is made: orders waiting on credit hold,
 * receivables unpaid past their due date (per currency), and units waiting for stock (backorders).
 */
export async function wholesaleFigures(em: EntityManager) {
  const [held] = await em.execute<Array<{ count: string }>>(`select count(*) from "order" o where o.status = 'credit_hold'`);
  const overdue = await em.execute<Array<{ currency: string; total: string | null; orders: string }>>(
    `select o.currency, count(*) as orders,
            sum(o.total_minor - coalesce((select sum(p.amount_minor) from payment p where p.order_id = o.id and p.kind = 'payment' and p.state in ('collected', 'succeeded')), 0)) as total
       from "order" o where ${overdueOrderCondition('now()')} group by o.currency order by o.currency`);
  const [waiting] = await em.execute<Array<{ orders: string; units: string | null }>>(
    `select count(distinct ol.order_id) as orders, sum(ol.backordered) as units from order_line ol where ol.backordered > 0`);
  return {
    creditHolds: Number(held?.count ?? 0),
    overdueReceivables: money(overdue),
    overdueOrders: overdue.reduce((sum, row) => sum + Number(row.orders), 0),
    backorders: { orders: Number(waiting?.orders ?? 0), units: Number(waiting?.units ?? 0) },
  };
}
