import { beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { dailyReport } from '../../core/analytics/daily-report.ts';
import { productWithStock } from '../factories/catalog.ts';
import { testOrm } from '../support/app.ts';
import type { MikroORM } from '../../core/db.ts';

const zone = 'Asia/Shanghai';
const day = '2026-11-20'; // in Shanghai: 2026-11-19T16:00Z to 2026-11-20T16:00Z
let orm: MikroORM;
let tea: { id: number; sku: string };
let cup: { id: number; sku: string };

async function customer(em: EntityManager, name: string): Promise<number> {
  const [row] = await em.execute<Array<{ id: number }>>("insert into customer (name, locale, created_at) values (?, 'en', now()) returning id", [name]);
  return row!.id;
}

interface FixtureOrder { number: string; customerId: number; status: string; channel: string; placed: string; promised?: string; updated?: string; lines: Array<[product: { id: number; sku: string }, quantity: number, price: number]> }

async function order(em: EntityManager, spec: FixtureOrder): Promise<void> {
  const total = spec.lines.reduce((sum, [, quantity, price]) => sum + quantity * price, 0);
  const [row] = await em.execute<Array<{ id: number }>>(
    `insert into "order" (number, customer_id, status, channel, subtotal_minor, shipping_minor, total_minor, currency, contact, payment_method, payment_status, flags, approval_reasons, lines_fingerprint, placed_at, promised_at, updated_at, version)
     values (?, ?, ?, ?, ?, 0, ?, 'CNY', '{"name":"x"}', 'card', 'unpaid', '[]', '[]', 'f', ?, ?, ?, 1) returning id`,
    [spec.number, spec.customerId, spec.status, spec.channel, total, total, spec.placed, spec.promised ?? null, spec.updated ?? spec.placed],
  );
  for (const [product, quantity, price] of spec.lines) {
    // No stock behind these rows: their units count as shipped (or cancelled), so the line's units add up.
    const cancelled = ['cancelled', 'rejected'].includes(spec.status) ? quantity : 0;
    await em.execute(
      `insert into order_line (order_id, product_id, warehouse_id, sku, name, quantity, unit_price_minor, line_total_minor, shipped, cancelled)
       values (?, ?, (select id from warehouse where is_default), ?, ?, ?, ?, ?, ?, ?)`,
      [row!.id, product.id, product.sku, product.sku, quantity, price, quantity * price, quantity - cancelled, cancelled], 'run',
    );
  }
}

async function audits(em: EntityManager, number: string, steps: Record<string, string>): Promise<void> {
  for (const [status, at] of Object.entries(steps)) {
    await em.execute("insert into audit_entry (entity_type, entity_id, action, actor_type, created_at) values ('order', ?, ?, 'system', ?)", [number, `order.${status}`, at], 'run');
  }
}

beforeAll(async () => {
  orm = await testOrm();
  const em = orm.em.fork();
  const product = async (sku: string) => {
    await productWithStock(orm, 0, { sku, priceMinor: 1000 });
    const [row] = await em.execute<Array<{ id: number }>>('select id from product where sku = ?', [sku]);
    return { id: row!.id, sku };
  };
  tea = await product('FIX-TEA');
  cup = await product('FIX-CUP');
  await em.execute("insert into stock_level (warehouse_id, product_id, on_hand, reserved, updated_at) values ((select id from warehouse where is_default), ?, 10, 2, now()), ((select id from warehouse where is_default), ?, 2, 2, now())", [tea.id, cup.id], 'run');
  await em.execute('insert into reorder_policy (warehouse_id, product_id, reorder_point, safety_stock, abc_class) values ((select id from warehouse where is_default), ?, 10, 0, ?)', [tea.id, 'A'], 'run');

  const [c1, c2, c3] = [await customer(em, 'C1'), await customer(em, 'C2'), await customer(em, 'C3')];
  await order(em, { number: 'SO-20261110-000001', customerId: c1, status: 'delivered', channel: 'telegram', placed: '2026-11-10T02:00:00Z', promised: '2026-11-13T02:00:00Z', updated: '2026-11-20T10:00:00Z', lines: [[tea, 1, 1000]] });
  await order(em, { number: 'SO-20261113-000001', customerId: c1, status: 'confirmed', channel: 'phone', placed: '2026-11-13T02:00:00Z', promised: '2026-11-16T02:00:00Z', lines: [[tea, 1, 1000]] });
  await order(em, { number: 'SO-20261119-000099', customerId: c3, status: 'confirmed', channel: 'api', placed: '2026-11-19T15:30:00Z', lines: [[cup, 1, 700]] });
  await order(em, { number: 'SO-20261120-000001', customerId: c1, status: 'delivered', channel: 'telegram', placed: '2026-11-20T01:00:00Z', promised: '2026-11-22T00:00:00Z', updated: '2026-11-20T11:00:00Z', lines: [[tea, 3, 1000]] });
  await order(em, { number: 'SO-20261120-000002', customerId: c2, status: 'shipped', channel: 'api', placed: '2026-11-20T02:00:00Z', promised: '2026-11-20T12:00:00Z', updated: '2026-11-20T08:00:00Z', lines: [[tea, 1, 1000], [cup, 1, 500]] });
  await order(em, { number: 'SO-20261120-000003', customerId: c3, status: 'cancelled', channel: 'telegram', placed: '2026-11-20T03:00:00Z', lines: [[cup, 1, 500]] });
  await order(em, { number: 'SO-20261120-000004', customerId: c2, status: 'confirmed', channel: 'webchat', placed: '2026-11-20T04:00:00Z', promised: '2026-11-23T00:00:00Z', lines: [[tea, 2, 1000]] });
  await order(em, { number: 'SO-20261121-000001', customerId: c3, status: 'confirmed', channel: 'api', placed: '2026-11-20T16:30:00Z', lines: [[cup, 1, 900]] });

  await audits(em, 'SO-20261110-000001', { shipped: '2026-11-19T10:00:00Z', delivered: '2026-11-20T10:00:00Z' });
  await audits(em, 'SO-20261120-000001', { placed: '2026-11-20T01:00:00Z', picking: '2026-11-20T02:00:00Z', packed: '2026-11-20T03:00:00Z', shipped: '2026-11-20T05:00:00Z', delivered: '2026-11-20T11:00:00Z' });
  await audits(em, 'SO-20261120-000002', { placed: '2026-11-20T02:00:00Z', picking: '2026-11-20T03:00:00Z', packed: '2026-11-20T07:00:00Z', shipped: '2026-11-20T08:00:00Z' });

  for (const [score, at] of [[5, '2026-11-20T06:00:00Z'], [4, '2026-11-20T07:00:00Z'], [2, '2026-11-20T09:00:00Z'], [1, '2026-11-19T12:00:00Z']] as const) {
    await em.execute('insert into feedback (customer_id, score, created_at) values (?, ?, ?)', [c1, score, at], 'run');
  }
  for (const [number, status, breached] of [['T-000001', 'open', '2026-11-20T09:00:00Z'], ['T-000002', 'claimed', null], ['T-000003', 'resolved', '2026-11-18T09:00:00Z']] as const) {
    await em.execute(
      "insert into ticket (number, customer_id, kind, status, priority, channel, description, escalation_level, created_at, updated_at, sla_breached_at) values (?, ?, 'complaint', ?, 'normal', 'telegram', 'x', 0, now(), now(), ?)",
      [number, c2, status, breached], 'run',
    );
  }
});

describe('daily report on a fixed data set', () => {
  it('every figure equals the value worked out by hand', async () => {
    const report = await orm.em.fork().transactional((tx) => dailyReport(tx, day, zone));
    // Orders placed on 20 Nov in Shanghai: 000001–000004 (000099 is 23:30 the day before, 20261121 is 00:30 the day after).
    expect(report.orders).toBe(4);
    expect(report.revenue).toEqual([{ currency: 'CNY', totalMinor: 3000 + 1500 + 2000 }]);
    expect(report.averageOrderValue).toEqual([{ currency: 'CNY', totalMinor: 2167 }]);
    expect(report.cancellationRate).toBe(0.25);
    // C2 orders for the first time; C1 (10 Nov) and C3 (23:30 the day before) have ordered before.
    expect([report.newCustomers, report.returningCustomers]).toEqual([1, 2]);
    expect(report.topProducts).toEqual([{ sku: 'FIX-TEA', name: 'FIX-TEA', units: 6 }, { sku: 'FIX-CUP', name: 'FIX-CUP', units: 1 }]);
    expect(report.channelMix).toEqual([{ channel: 'telegram', orders: 2 }, { channel: 'api', orders: 1 }, { channel: 'webchat', orders: 1 }]);
    // Shipped on the day after 4 h and 6 h; delivered on the day after 6 h and 24 h, one of two on time.
    expect(report.fulfilmentHours).toEqual({ p50: 5, p90: 5.8 });
    expect(report.deliveryHours).toEqual({ p50: 15, p90: 22.2 });
    expect([report.delivered, report.onTimeRate]).toEqual([2, 0.5]);
    // Ratings 5, 4 and 2 on the day (the 1 was the day before).
    expect(report.csat).toEqual({ ratings: 3, satisfied: 2, score: 2 / 3, average: 3.67 });
    expect([report.openTickets, report.slaBreaches]).toEqual([2, 1]);
    expect(report.stockOuts).toEqual([{ warehouse: 'MAIN', sku: 'FIX-CUP', openDemand: 2 }]);
    expect(report.lowStock).toEqual([{ warehouse: 'MAIN', sku: 'FIX-TEA', available: 8, reorderPoint: 10 }]);
    expect(report.lateOrders).toBe(2);
    // Stages over the week: waiting to be picked 1 h and 1 h, picking 1 h and 4 h, waiting for the carrier 2 h and 1 h, in transit 6 h and 24 h.
    expect(report.stages).toEqual([
      { stage: 'awaiting_picking', averageHours: 1, orders: 2 },
      { stage: 'picking', averageHours: 2.5, orders: 2 },
      { stage: 'awaiting_carrier', averageHours: 1.5, orders: 2 },
      { stage: 'in_transit', averageHours: 15, orders: 2 },
    ]);
    expect(report.bottleneck).toEqual({ stage: 'in_transit', averageHours: 15, orders: 2 });
    expect(report.stuckOrders).toEqual([{ number: 'SO-20261113-000001', status: 'confirmed', hours: 182 }]);
    // A week earlier: one phone order of 10.00 by a returning customer.
    expect(report.weekAgo).toMatchObject({ orders: 1, revenue: [{ currency: 'CNY', totalMinor: 1000 }], cancellationRate: 0, newCustomers: 0, returningCustomers: 1, channelMix: [{ channel: 'phone', orders: 1 }] });
    expect(report.series).toHaveLength(14);
    expect(report.series[0]!.date).toBe('2026-11-07');
    expect(report.series.filter((entry) => entry.orders > 0)).toEqual([
      { date: '2026-11-10', orders: 1, revenueMinor: 1000 },
      { date: '2026-11-13', orders: 1, revenueMinor: 1000 },
      { date: '2026-11-19', orders: 1, revenueMinor: 700 },
      { date: '2026-11-20', orders: 4, revenueMinor: 6500 },
    ]);
  });
});
