import type { Client } from 'pg';
import { openCopy, type CopyValue, type CopyWriter } from './copy-writer.ts';
import { seededRandom } from '../core/shared/seeded-random.ts';
import { historyOrder, type HistoryOrder, type HistoryPlan } from './order-history.ts';
import type { Progress } from './progress.ts';

/** The four connections the history is copied on, one COPY each, all running at once. */
export interface CopyConnections {
  orders: Client;
  /** Has foreign key triggers off: its lines refer to orders not yet committed on `orders`. */
  lines: Client;
  audit: Client;
  feedback: Client;
}

/** Rows stored per table, and orders placed per business day (index into the plan's days). */
export interface CopiedHistory {
  orders: number;
  lines: number;
  auditEntries: number;
  ratings: number;
  ordersPerDay: number[];
}

const orderColumns = [
  'id', 'number', 'customer_id', 'status', 'channel', 'subtotal_minor', 'shipping_minor', 'total_minor', 'currency',
  'shipping_address', 'contact', 'payment_method', 'payment_status', 'flags', 'approval_reasons', 'lines_fingerprint',
  'status_reason', 'placed_at', 'promised_at', 'updated_at', 'version',
];
const lineColumns = ['order_id', 'product_id', 'warehouse_id', 'sku', 'name', 'quantity', 'unit_price_minor', 'line_total_minor'];
const auditColumns = ['entity_type', 'entity_id', 'action', 'actor_type', 'before', 'after', 'created_at'];
const feedbackColumns = ['customer_id', 'order_number', 'score', 'created_at'];

// Orders generated between two flushes: large enough for few round trips, small enough to stream.
const ordersPerFlush = 5000;
const promiseMs = 3 * 24 * 3_600_000;
const cities = ['Shanghai', 'Hangzhou', 'Suzhou', 'Nanjing', 'Beijing', 'Shenzhen', 'Chengdu', 'Wuhan'];
const statusReasons: Record<string, string> = {
  cancelled: 'customer changed their mind', rejected: 'payment not confirmed', delivery_failed: 'recipient unreachable', returned: 'recipient unreachable',
};

const timestamp = (ms: number) => new Date(ms).toISOString();

function paymentStatus(method: string, status: string): string {
  if (status === 'cancelled' || status === 'rejected' || status === 'returned') return method === 'cash_on_delivery' ? 'unpaid' : 'refunded';
  if (method === 'cash_on_delivery') return status === 'delivered' ? 'paid' : 'unpaid';
  return 'paid';
}

/** Contact and shipping address JSON of each customer, as the order service stores them. */
function customerJson(customers: number): { contacts: string[]; addresses: string[] } {
  const ids = Array.from({ length: customers + 1 }, (_, id) => id);
  return {
    contacts: ids.map((id) => JSON.stringify({ name: `Customer ${id}`, phone: `+86 138 ${String(id).padStart(8, '0')}` })),
    addresses: ids.map((id) => JSON.stringify({ line1: `${id} Bench Road`, city: cities[id % cities.length], country: 'CN' })),
  };
}

function orderRow(order: HistoryOrder, contact: string, address: string): CopyValue[] {
  const { status, at: updatedAt } = order.steps.at(-1)!;
  const approval = order.steps[0]!.status === 'pending_approval' ? '["high_value"]' : '[]';
  const fingerprint = order.lines.map((line) => `${line.product.id}x${line.quantity}`).join('.');
  return [
    order.id, order.number, order.customerId, status, order.channel, order.subtotalMinor, order.shippingMinor,
    order.subtotalMinor + order.shippingMinor, 'CNY', address, contact, order.paymentMethod, paymentStatus(order.paymentMethod, status),
    '[]', approval, fingerprint, statusReasons[status] ?? null, timestamp(order.placedAt), timestamp(order.placedAt + promiseMs),
    timestamp(updatedAt), order.steps.length,
  ];
}

/** The audit entries the order service writes: `order.placed` with the totals, then one per transition. */
function auditRows(order: HistoryOrder): CopyValue[][] {
  const totalMinor = order.subtotalMinor + order.shippingMinor;
  return order.steps.map((step, index) => {
    if (index === 0) {
      const after = `{"status":"${step.status}","totalMinor":${totalMinor},"flags":[],"approvalReasons":[]}`;
      return ['order', order.number, 'order.placed', 'customer', null, after, timestamp(step.at)];
    }
    const before = `{"status":"${order.steps[index - 1]!.status}"}`;
    return ['order', order.number, `order.${step.status}`, 'system', before, `{"status":"${step.status}","reason":null}`, timestamp(step.at)];
  });
}

/**
 * Makes up the plan's orders in time order and copies them, their lines, audit entries and
 * ratings into the four tables at once. The same `seed` always gives the same rows.
 */
export async function copyHistory(plan: HistoryPlan, connections: CopyConnections, warehouseId: number, progress: Progress, seed = 20261122): Promise<CopiedHistory> {
  const writers = {
    orders: openCopy(connections.orders, '"order"', orderColumns),
    lines: openCopy(connections.lines, 'order_line', lineColumns),
    audit: openCopy(connections.audit, 'audit_entry', auditColumns),
    feedback: openCopy(connections.feedback, 'feedback', feedbackColumns),
  };
  const all: CopyWriter[] = Object.values(writers);
  const { contacts, addresses } = customerJson(plan.customers);
  const ordersPerDay = plan.dayLabels.map(() => 0);
  const random = seededRandom(seed);
  for (let index = 0; index < plan.orders; index++) {
    const order = historyOrder(plan, index, random);
    ordersPerDay[order.dayIndex]! += 1;
    writers.orders.write(orderRow(order, contacts[order.customerId]!, addresses[order.customerId]!));
    for (const { product, quantity } of order.lines) {
      writers.lines.write([order.id, product.id, warehouseId, product.sku, product.name, quantity, product.priceMinor, quantity * product.priceMinor]);
    }
    for (const row of auditRows(order)) writers.audit.write(row);
    if (order.rating) writers.feedback.write([order.customerId, order.number, order.rating.score, timestamp(order.rating.at)]);
    if ((index + 1) % ordersPerFlush === 0 || index + 1 === plan.orders) {
      await Promise.all(all.map((writer) => writer.flush()));
      progress.advance(index % ordersPerFlush + 1);
    }
  }
  const [orders, lines, auditEntries, ratings] = await Promise.all(all.map((writer) => writer.end()));
  return { orders: orders!, lines: lines!, auditEntries: auditEntries!, ratings: ratings!, ordersPerDay };
}
