import type { EntityManager } from '@mikro-orm/postgresql';
import { dayEnd, dayParams, dayStart } from './report-window.ts';

/** p50 and p90 in hours, or null without data. */
export interface Spread {
  p50: number | null;
  p90: number | null;
}

const hours = (value: string | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100);

/** Placed → shipped for orders shipped on the day; shipped → delivered and on-time share for those delivered on the day. */
export async function fulfilmentFigures(em: EntityManager, date: string, timeZone: string) {
  const window = [...dayParams(date, timeZone), ...dayParams(date, timeZone)];
  const [lead] = await em.execute<Array<{ p50: string | null; p90: string | null }>>(
    `select percentile_cont(0.5) within group (order by h) as p50, percentile_cont(0.9) within group (order by h) as p90
       from (select extract(epoch from a.created_at - o.placed_at) / 3600 as h from audit_entry a join "order" o on o.number = a.entity_id
              where a.action = 'order.shipped' and a.created_at >= ${dayStart} and a.created_at < ${dayEnd}) t`,
    window,
  );
  const [delivery] = await em.execute<Array<{ p50: string | null; p90: string | null; delivered: string; on_time: string; promised: string }>>(
    `select percentile_cont(0.5) within group (order by h) as p50, percentile_cont(0.9) within group (order by h) as p90,
            count(*) as delivered, count(*) filter (where on_time) as on_time, count(*) filter (where on_time is not null) as promised
       from (select extract(epoch from d.created_at - s.shipped_at) / 3600 as h, d.created_at <= o.promised_at as on_time
               from audit_entry d join "order" o on o.number = d.entity_id
               join lateral (select max(s.created_at) as shipped_at from audit_entry s where s.entity_type = 'order' and s.entity_id = d.entity_id and s.action = 'order.shipped' and s.created_at <= d.created_at) s on true
              where d.action = 'order.delivered' and d.created_at >= ${dayStart} and d.created_at < ${dayEnd}) t`,
    window,
  );
  return {
    fulfilmentHours: { p50: hours(lead?.p50), p90: hours(lead?.p90) } satisfies Spread,
    deliveryHours: { p50: hours(delivery?.p50), p90: hours(delivery?.p90) } satisfies Spread,
    delivered: Number(delivery?.delivered ?? 0),
    onTimeRate: Number(delivery?.promised ?? 0) === 0 ? null : Number(delivery!.on_time) / Number(delivery!.promised),
  };
}

/** Stock now: out of stock (with units still promised to orders), below the reorder point, and late orders. */
export async function stockFigures(em: EntityManager, date: string, timeZone: string) {
  const stockOuts = await em.execute<Array<{ warehouse: string; sku: string; open_demand: number }>>(
    `select w.code as warehouse, p.sku, s.reserved as open_demand from stock_level s join warehouse w on w.id = s.warehouse_id join product p on p.id = s.product_id
      where p.active and s.on_hand - s.reserved <= 0 order by s.reserved desc, p.sku limit 20`,
  );
  const lowStock = await em.execute<Array<{ warehouse: string; sku: string; available: number; reorder_point: number }>>(
    `select w.code as warehouse, p.sku, s.on_hand - s.reserved as available, r.reorder_point from reorder_policy r
       join stock_level s on s.warehouse_id = r.warehouse_id and s.product_id = r.product_id join warehouse w on w.id = r.warehouse_id join product p on p.id = r.product_id
      where s.on_hand - s.reserved > 0 and s.on_hand - s.reserved < r.reorder_point order by p.sku limit 20`,
  );
  const [late] = await em.execute<Array<{ late: string }>>(
    `select count(*) as late from "order" o where o.status in ('confirmed', 'picking', 'packed', 'shipped', 'delivery_failed') and o.promised_at < ${dayEnd}`,
    dayParams(date, timeZone),
  );
  return {
    stockOuts: stockOuts.map((row) => ({ warehouse: row.warehouse, sku: row.sku, openDemand: Number(row.open_demand) })),
    lowStock: lowStock.map((row) => ({ warehouse: row.warehouse, sku: row.sku, available: Number(row.available), reorderPoint: row.reorder_point })),
    lateOrders: Number(late?.late ?? 0),
  };
}

/** Tickets open now, SLA breaches on the day, and customer satisfaction from the day's ratings. */
export async function serviceFigures(em: EntityManager, date: string, timeZone: string) {
  const window = [...dayParams(date, timeZone), ...dayParams(date, timeZone)];
  const [tickets] = await em.execute<Array<{ open: string; breaches: string }>>(
    `select (select count(*) from ticket where status in ('open', 'claimed')) as open,
            (select count(*) from ticket where (sla_breached_at >= ${dayStart} and sla_breached_at < ${dayEnd})
                                         or (resolution_breached_at >= ${dayStart} and resolution_breached_at < ${dayEnd})) as breaches`,
    [...window, ...window],
  );
  const [ratings] = await em.execute<Array<{ ratings: string; satisfied: string; average: string | null }>>(
    `select count(*) as ratings, count(*) filter (where score >= 4) as satisfied, avg(score) as average
       from feedback where created_at >= ${dayStart} and created_at < ${dayEnd}`,
    window,
  );
  const count = Number(ratings?.ratings ?? 0);
  return {
    openTickets: Number(tickets?.open ?? 0),
    slaBreaches: Number(tickets?.breaches ?? 0),
    csat: { ratings: count, satisfied: Number(ratings?.satisfied ?? 0), score: count === 0 ? null : Number(ratings!.satisfied) / count, average: ratings?.average ? Math.round(Number(ratings.average) * 100) / 100 : null },
  };
}

/** Stages an order goes through, as pairs of audit actions. */
const stages = [
  ['approval', 'order.placed', 'order.confirmed'],
  ['awaiting_picking', 'order.placed', 'order.picking'],
  ['picking', 'order.picking', 'order.packed'],
  ['awaiting_carrier', 'order.packed', 'order.shipped'],
  ['in_transit', 'order.shipped', 'order.delivered'],
] as const;

/**
 * Bottlenecks over the seven days up to the day: average hours per stage (the longest is where
 * orders wait), and orders that have not moved for `stuckHours` by the end of the day.
 */
export async function bottleneckFigures(em: EntityManager, date: string, timeZone: string, stuckHours = 48) {
  const averages: Array<{ stage: string; averageHours: number; orders: number }> = [];
  for (const [stage, from, to] of stages) {
    const [row] = await em.execute<Array<{ average: string | null; orders: string }>>(
      `select avg(extract(epoch from b.created_at - a.created_at) / 3600) as average, count(*) as orders
         from audit_entry b join lateral (select min(a.created_at) as created_at from audit_entry a where a.entity_type = 'order' and a.entity_id = b.entity_id and a.action = ?) a on true
        where b.action = ? and b.created_at >= ${dayEnd} - interval '7 days' and b.created_at < ${dayEnd} and a.created_at is not null`,
      [from, to, ...dayParams(date, timeZone), ...dayParams(date, timeZone)],
    );
    if (Number(row?.orders ?? 0) > 0) averages.push({ stage, averageHours: Math.round(Number(row!.average) * 100) / 100, orders: Number(row!.orders) });
  }
  const stuck = await em.execute<Array<{ number: string; status: string; hours: string }>>(
    `select o.number, o.status, extract(epoch from (${dayEnd}) - o.updated_at) / 3600 as hours from "order" o
      where o.status in ('pending_approval', 'confirmed', 'picking', 'packed', 'shipped', 'delivery_failed') and o.updated_at < (${dayEnd}) - make_interval(hours => ?)
      order by o.updated_at limit 10`,
    [...dayParams(date, timeZone), ...dayParams(date, timeZone), stuckHours],
  );
  const slowest = [...averages].sort((a, b) => b.averageHours - a.averageHours)[0] ?? null;
  return {
    stages: averages,
    bottleneck: slowest,
    stuckOrders: stuck.map((row) => ({ number: row.number, status: row.status, hours: Math.round(Number(row.hours)) })),
  };
}
