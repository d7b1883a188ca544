import type { Order, OrderLine } from './order.entity.ts';

/** What clients see of an order: plain JSON, camelCase, money in minor units. */
export interface OrderView {
  number: string;
  status: string;
  channel: string;
  subtotalMinor: number;
  shippingMinor: number;
  totalMinor: number;
  currency: string;
  /** Each line's units: reserved (to be picked), shipped, backordered (waiting for stock) and cancelled add up to its quantity. */
  lines: Array<{ sku: string; name: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number; reserved: number; shipped: number; backordered: number; cancelled: number }>;
  flags: string[];
  approvalReasons: string[];
  paymentMethod: string;
  paymentStatus: string;
  shippingAddress: Order['shippingAddress'];
  notes: string | null;
  statusReason: string | null;
  placedAt: string;
  promisedAt: string | null;
  version: number;
  /** The company account the order is for (wholesale), its payment terms, due date and the buyer's PO reference. */
  account: string | null;
  paymentTerms: string | null;
  paymentDueAt: string | null;
  customerPoRef: string | null;
}

export function toOrderView(order: Order, lines: OrderLine[]): OrderView {
  return {
    number: order.number,
    status: order.status,
    channel: order.channel,
    subtotalMinor: order.subtotalMinor,
    shippingMinor: order.shippingMinor,
    totalMinor: order.totalMinor,
    currency: order.currency,
    lines: lines.map((line) => ({
      sku: line.sku, name: line.name, quantity: line.quantity, unitPriceMinor: line.unitPriceMinor, lineTotalMinor: line.lineTotalMinor,
      reserved: line.reserved, shipped: line.shipped, backordered: line.backordered, cancelled: line.cancelled,
    })),
    flags: order.flags,
    approvalReasons: order.approvalReasons,
    paymentMethod: order.paymentMethod,
    paymentStatus: order.paymentStatus,
    shippingAddress: order.shippingAddress,
    notes: order.notes ?? null,
    statusReason: order.statusReason ?? null,
    placedAt: order.placedAt.toISOString(),
    promisedAt: order.promisedAt ? order.promisedAt.toISOString() : null,
    version: order.version,
    account: order.account?.code ?? null,
    paymentTerms: order.paymentTerms ?? null,
    paymentDueAt: order.paymentDueAt?.toISOString() ?? null,
    customerPoRef: order.customerPoRef ?? null,
  };
}
