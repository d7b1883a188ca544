import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { AuditEntry } from '../shared/audit.entity.ts';
import { Order, OrderLine, type OrderChannel } from './order.entity.ts';
import type { OrderStatus } from './order-state.ts';
import { toOrderView, type OrderView } from './order.view.ts';

export interface TimelineEntry {
  at: string;
  action: string;
  actor: string;
  from: unknown;
  to: unknown;
  reason: unknown;
}

export interface OrderDetail extends OrderView {
  customer: { id: number; name: string };
  timeline: TimelineEntry[];
  /** Made to order: each production order making units for it that is not finished, and how far it is. */
  production: Array<{ sku: string; made: number; planned: number }>;
}

/**
 * One order with its timeline (from the audit log). `customerId` scopes it to one customer, or
 * with `accountId` to the orders of that customer's company (its admins and viewers see them all).
 */
export async function getOrder(em: EntityManager, number: string, customerId?: number, accountId?: number): Promise<OrderDetail> {
  const order = await em.findOne(Order, { number }, { populate: ['customer', 'account'] });
  const visible = customerId === undefined || order?.customer.id === customerId || (accountId !== undefined && order?.account?.id === accountId);
  if (!order || !visible) {
    throw new AppError('not_found', `No order ${number}`, { number });
  }
  const lines = await em.find(OrderLine, { order }, { orderBy: { id: 'asc' } });
  const entries = await em.find(AuditEntry, { entityType: 'order', entityId: number }, { orderBy: { id: 'asc' } });
  const production = await em.execute<Array<{ sku: string; made: number; planned: number }>>(
    `select ol.sku, mo.quantity_good as made, mo.quantity_planned as planned from order_line_supply s join order_line ol on ol.id = s.order_line_id
       join production_order mo on mo.id = s.production_order_id where ol.order_id = ? and mo.status in ('draft', 'released', 'in_progress') order by mo.id`,
    [order.id],
  );
  return {
    ...toOrderView(order, lines),
    customer: { id: order.customer.id, name: order.customer.name },
    timeline: entries.map((entry) => ({
      at: entry.createdAt.toISOString(),
      action: entry.action,
      actor: entry.actorId ? `${entry.actorType}:${entry.actorId}` : entry.actorType,
      from: entry.before?.status ?? null,
      to: entry.after?.status ?? null,
      reason: entry.after?.reason ?? null,
    })),
    production,
  };
}

export interface OrderFilter {
  status?: OrderStatus | undefined;
  customerId?: number | undefined;
  /** The orders of one company account (for its admins and viewers). */
  accountId?: number | undefined;
  channel?: OrderChannel | undefined;
  placedFrom?: Date | undefined;
  placedTo?: Date | undefined;
  /** Opaque cursor from the previous page. */
  cursor?: string | undefined;
  /** @default 20, at most 100 */
  limit?: number | undefined;
}

export interface OrderPage {
  items: OrderView[];
  nextCursor: string | null;
}

function decodeCursor(cursor: string): number {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('invalid_input', 'Invalid cursor', { cursor });
  return id;
}

/** Newest first, keyset-paginated (stable while new orders arrive). */
export async function listOrders(em: EntityManager, filter: OrderFilter): Promise<OrderPage> {
  const limit = Math.min(filter.limit ?? 20, 100);
  const where: FilterQuery<Order> = {};
  if (filter.status) where.status = filter.status;
  if (filter.customerId !== undefined) where.customer = filter.customerId;
  if (filter.accountId !== undefined) where.account = filter.accountId;
  if (filter.channel) where.channel = filter.channel;
  if (filter.placedFrom || filter.placedTo) {
    where.placedAt = { ...(filter.placedFrom && { $gte: filter.placedFrom }), ...(filter.placedTo && { $lt: filter.placedTo }) };
  }
  if (filter.cursor) where.id = { $lt: decodeCursor(filter.cursor) };
  const orders = await em.find(Order, where, { orderBy: { id: 'desc' }, limit: limit + 1, populate: ['account'] });
  const page = orders.slice(0, limit);
  const lines = page.length > 0 ? await em.find(OrderLine, { order: { $in: page.map((order) => order.id) } }, { orderBy: { id: 'asc' } }) : [];
  const items = page.map((order) => toOrderView(order, lines.filter((line) => line.order.id === order.id)));
  const last = page.at(-1);
  return { items, nextCursor: orders.length > limit && last ? Buffer.from(String(last.id)).toString('base64url') : null };
}

/** Orders placed today (in `timeZone`) and their revenue per currency, cancelled and rejected left out. */
export async function dailyFigures(em: EntityManager, timeZone: string): Promise<{ orders: number; revenue: Array<{ currency: string; totalMinor: number }> }> {
  const rows = await em.execute<Array<{ currency: string; orders: string; total: string }>>(
    `select currency, count(*) as orders, sum(total_minor) as total from "order"
      where placed_at >= (date_trunc('day', now() at time zone ?) at time zone ?) and status not in ('cancelled', 'rejected')
      group by currency order by currency`,
    [timeZone, timeZone],
  );
  return {
    orders: rows.reduce((sum, row) => sum + Number(row.orders), 0),
    revenue: rows.map((row) => ({ currency: row.currency, totalMinor: Number(row.total) })),
  };
}
