import type { EntityManager } from '@mikro-orm/postgresql';
import { dayEnd, dayParams, dayStart } from './report-window.ts';

const kept = "o.status not in ('cancelled', 'rejected')";

export interface MoneyFigure {
  currency: string;
  totalMinor: number;
}

/** Orders placed on the day: counts, revenue and average order value per currency, cancellations. */
export async function orderFigures(em: EntityManager, date: string, timeZone: string) {
  const window = [...dayParams(date, timeZone), ...dayParams(date, timeZone)];
  const rows = await em.execute<Array<{ currency: string; placed: string; kept: string; cancelled: string; revenue: string | null }>>(
    `select o.currency, count(*) as placed, count(*) filter (where ${kept}) as kept, count(*) filter (where o.status = 'cancelled') as cancelled,
            sum(o.total_minor) filter (where ${kept}) as revenue
       from "order" o where o.placed_at >= ${dayStart} and o.placed_at < ${dayEnd} group by o.currency order by o.currency`,
    window,
  );
  const placed = rows.reduce((sum, row) => sum + Number(row.placed), 0);
  const cancelled = rows.reduce((sum, row) => sum + Number(row.cancelled), 0);
  return {
    orders: placed,
    revenue: rows.map((row): MoneyFigure => ({ currency: row.currency, totalMinor: Number(row.revenue ?? 0) })),
    averageOrderValue: rows.filter((row) => Number(row.kept) > 0).map((row): MoneyFigure => ({ currency: row.currency, totalMinor: Math.round(Number(row.revenue ?? 0) / Number(row.kept)) })),
    cancellationRate: placed === 0 ? null : cancelled / placed,
  };
}

/** Customers who ordered on the day: first order ever that day (new) or before (returning). */
export async function customerFigures(em: EntityManager, date: string, timeZone: string) {
  const [row] = await em.execute<Array<{ new: string; returning: string }>>(
    `select count(*) filter (where t.first_at >= ${dayStart}) as new, count(*) filter (where t.first_at < ${dayStart}) as returning
       from (select o.customer_id, (select min(f.placed_at) from "order" f where f.customer_id = o.customer_id) as first_at
               from "order" o where o.placed_at >= ${dayStart} and o.placed_at < ${dayEnd} group by o.customer_id) t`,
    [...dayParams(date, timeZone), ...dayParams(date, timeZone), ...dayParams(date, timeZone), ...dayParams(date, timeZone)],
  );
  return { newCustomers: Number(row?.new ?? 0), returningCustomers: Number(row?.returning ?? 0) };
}

/** Top products by units on the day's kept orders (less units cancelled after a short pick), and orders per channel. */
export async function mixFigures(em: EntityManager, date: string, timeZone: string) {
  const window = [...dayParams(date, timeZone), ...dayParams(date, timeZone)];
  const top = await em.execute<Array<{ sku: string; name: string; units: string }>>(
    `select ol.sku, min(ol.name) as name, sum(ol.quantity - ol.cancelled) as units from order_line ol join "order" o on o.id = ol.order_id
      where o.placed_at >= ${dayStart} and o.placed_at < ${dayEnd} and ${kept}
      group by ol.sku order by units desc, ol.sku limit 5`,
    window,
  );
  const channels = await em.execute<Array<{ channel: string; orders: string }>>(
    `select o.channel, count(*) as orders from "order" o where o.placed_at >= ${dayStart} and o.placed_at < ${dayEnd} group by o.channel order by orders desc, o.channel`,
    window,
  );
  return {
    topProducts: top.map((row) => ({ sku: row.sku, name: row.name, units: Number(row.units) })),
    channelMix: channels.map((row) => ({ channel: row.channel, orders: Number(row.orders) })),
  };
}

/** Orders and revenue (main currency) per day for `days` days ending on `date`: the chart's series. */
export async function dailySeries(em: EntityManager, date: string, timeZone: string, days: number): Promise<Array<{ date: string; orders: number; revenueMinor: number }>> {
  const rows = await em.execute<Array<{ day: string; orders: string; revenue: string | null }>>(
    `select to_char(d.day, 'YYYY-MM-DD') as day, count(o.id) as orders, sum(o.total_minor) filter (where ${kept}) as revenue
       from generate_series((?::date) - (? - 1), ?::date, interval '1 day') as d(day)
       left join "order" o on o.placed_at >= d.day::timestamp at time zone ? and o.placed_at < (d.day + interval '1 day')::timestamp at time zone ?
      group by d.day order by d.day`,
    [date, days, date, timeZone, timeZone],
  );
  return rows.map((row) => ({ date: row.day, orders: Number(row.orders), revenueMinor: Number(row.revenue ?? 0) }));
}
