import { Client } from 'pg';
import { copyHistory, type CopiedHistory, type CopyConnections } from './history-copy.ts';
import type { HistoryProduct } from './order-history.ts';
import { announce, startProgress } from './progress.ts';

/** How much history to seed, ending on `lastDay`. */
export interface HistoryOptions {
  orders: number;
  customers: number;
  days: number;
  /** Last business day of the data, YYYY-MM-DD. */
  lastDay: string;
  /** Zone the business days are in (the report's zone). */
  timeZone: string;
}

/** What was seeded, and how long it took. */
export interface SeededHistory extends CopiedHistory {
  /** Business days of the data, YYYY-MM-DD, oldest first (`ordersPerDay` is indexed alike). */
  days: string[];
  /** The COPY of orders, lines, audit entries and ratings. */
  copySeconds: number;
  /** Everything: catalog, customers, the COPY, tickets, sequences and VACUUM ANALYZE. */
  seconds: number;
}

// A handful of products, best sellers first; two end up out of stock and two below their reorder point.
const catalog: ReadonlyArray<readonly [name: string, priceMinor: number]> = [
  ['Oolong tea 250 g', 6800], ['Jasmine tea 100 g', 3900], ['Longjing green tea 100 g', 12800], ['Puer cake 357 g', 16800],
  ['Celadon cup', 4500], ['Gaiwan 120 ml', 8800], ['Bamboo tea tray', 19900], ['Tea towel', 1500],
  ['Glass teapot 600 ml', 7900], ['Travel tea set', 25900], ['Tea scoop', 1200], ['Gift box', 9900],
];
const stock = (index: number) => (index < 2 ? { onHand: 40, reserved: 40 } : index < 4 ? { onHand: 30, reserved: 5 } : { onHand: 5000, reserved: 200 });
const reorderPoint = 50;

async function connect(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** Start (UTC ms) and label of each business day, from PostgreSQL so they match the report's `at time zone`. */
async function businessDays(client: Client, { days, lastDay, timeZone }: HistoryOptions): Promise<Array<{ date: string; startsAt: number }>> {
  const { rows } = await client.query<{ date: string; starts_at: number }>(
    `select to_char(day.d, 'YYYY-MM-DD') as date, extract(epoch from day.d::timestamp at time zone $2)::float8 * 1000 as starts_at
       from generate_series(0, $3::int) as n, lateral (select $1::date - ($3::int - 1) + n as d) as day order by n`,
    [lastDay, timeZone, days],
  );
  return rows.map((row) => ({ date: row.date, startsAt: row.starts_at }));
}

/** The products with their stock at the default warehouse and a reorder policy each. */
async function seedCatalog(client: Client): Promise<{ products: HistoryProduct[]; warehouseId: number }> {
  const { rows } = await client.query<{ id: number; sku: string; name: string; price_minor: number }>(
    `insert into product (sku, name, price_minor, currency, created_at, updated_at)
     select format('DIGEST-%s', lpad(n::text, 2, '0')), name, price, 'CNY', now(), now() from unnest($1::text[], $2::int[]) with ordinality as p(name, price, n)
     returning id, sku, name, price_minor`,
    [catalog.map(([name]) => name), catalog.map(([, price]) => price)],
  );
  const products = rows.map((row) => ({ id: row.id, sku: row.sku, name: row.name, priceMinor: row.price_minor })).sort((a, b) => a.sku.localeCompare(b.sku));
  const [warehouse] = (await client.query<{ id: number }>('select id from warehouse where is_default')).rows;
  if (!warehouse) throw new Error('the migrated database has no default warehouse');
  const levels = products.map((_, index) => stock(index));
  await client.query(
    `insert into stock_level (warehouse_id, product_id, on_hand, reserved, updated_at) select $1::int, *, now() from unnest($2::int[], $3::int[], $4::int[])`,
    [warehouse.id, products.map((product) => product.id), levels.map((level) => level.onHand), levels.map((level) => level.reserved)],
  );
  await client.query(
    'insert into reorder_policy (warehouse_id, product_id, reorder_point, safety_stock) select $1::int, id, $2::int, 10 from product',
    [warehouse.id, reorderPoint],
  );
  return { products, warehouseId: warehouse.id };
}

/** Customers 1..count, created as they join over the data's span (a fifth at its start). */
async function seedCustomers(client: Client, count: number, startsAt: number, endsAt: number): Promise<void> {
  await client.query(
    `insert into customer (id, name, phone, locale, created_at)
     select g, 'Customer ' || g, '+86 138 ' || lpad(g::text, 8, '0'), case when g % 5 = 0 then 'en' else 'zh-CN' end,
            to_timestamp(($2::float8 + ($3::float8 - $2::float8) * greatest(0, (g::float8 / $1::int - 0.2) / 0.8)) / 1000)
       from generate_series(1, $1::int) as g`,
    [count, startsAt, endsAt],
  );
}

/** One ticket per 500 orders over the span: most resolved, the last days' still open, one in ten breached its SLA. */
async function seedTickets(client: Client, orders: number, customers: number, startsAt: number, endsAt: number): Promise<void> {
  await client.query(
    `insert into ticket (number, customer_id, kind, status, priority, channel, description, escalation_level, created_at, updated_at, sla_breached_at)
     select format('T-%s', lpad(g::text, 6, '0')), 1 + (g * 7919) % $2::int, (array['inquiry', 'complaint', 'delivery_issue', 'return'])[1 + g % 4],
            case when t.created_at > to_timestamp($4::float8 / 1000) - interval '3 days' then (array['open', 'claimed'])[1 + g % 2] else 'resolved' end,
            'normal', 'telegram', 'Where is my order?', 0, t.created_at, t.created_at, case when g % 10 = 0 then t.created_at + interval '4 hours' end
       from generate_series(1, $1::int) as g,
            lateral (select to_timestamp(($3::float8 + ($4::float8 - $3::float8) * g::float8 / ($1::int + 1)) / 1000) as created_at) as t`,
    [Math.max(1, Math.round(orders / 500)), customers, startsAt, endsAt],
  );
}

/** Opens the four COPY connections; the lines one skips foreign key checks, as `pg_restore --disable-triggers` does. */
async function openCopyConnections(databaseUrl: string): Promise<CopyConnections> {
  const [orders, lines, audit, feedback] = await Promise.all([1, 2, 3, 4].map(() => connect(databaseUrl)));
  await lines!.query('set session_replication_role = replica');
  return { orders: orders!, lines: lines!, audit: audit!, feedback: feedback! };
}

/**
 * Seeds a year of order history into the freshly migrated database at `databaseUrl`: a catalog,
 * customers, then orders with their lines, audit entries and ratings by COPY (rows made up by
 * `order-history.ts`), tickets; sets the sequences past the copied ids and runs VACUUM ANALYZE, so
 * the planner has statistics and the visibility map is set as autovacuum would leave it.
 */
export async function seedOrderHistory(databaseUrl: string, options: HistoryOptions): Promise<SeededHistory> {
  const started = performance.now();
  const control = await connect(databaseUrl);
  try {
    const days = await businessDays(control, options);
    const startsAt = days[0]!.startsAt;
    const endsAt = days.at(-1)!.startsAt;
    const { products, warehouseId } = await seedCatalog(control);
    await seedCustomers(control, options.customers, startsAt, endsAt);
    const plan = {
      orders: options.orders, customers: options.customers, products,
      dayStarts: days.map((day) => day.startsAt), dayLabels: days.slice(0, -1).map((day) => day.date.replaceAll('-', '')),
    };
    const connections = await openCopyConnections(databaseUrl);
    const copyStarted = performance.now();
    const progress = startProgress('digest: copying orders, lines, audit entries, ratings', options.orders, 'orders');
    const copied = await copyHistory(plan, connections, warehouseId, progress).finally(() => Promise.all(Object.values(connections).map((client) => client.end())));
    progress.finish();
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await seedTickets(control, options.orders, options.customers, startsAt, endsAt);
    await control.query(`select setval(pg_get_serial_sequence('"order"', 'id'), $1), setval('order_number_seq', $1)`, [options.orders]);
    await control.query(`select setval(pg_get_serial_sequence('customer', 'id'), $1)`, [options.customers]);
    announce('digest: VACUUM ANALYZE');
    await control.query('vacuum (analyze)');
    return { ...copied, days: days.slice(0, -1).map((day) => day.date), copySeconds, seconds: (performance.now() - started) / 1000 };
  } finally {
    await control.end();
  }
}
