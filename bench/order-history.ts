/**
 * A year of order history made up deterministically, for the digest scenario: when orders were
 * placed, by whom, what they hold, and the status steps each went through (which become its
 * audit entries, as the order service writes them). Pure: no database here.
 */

/** A product the history sells. */
export interface HistoryProduct {
  id: number;
  sku: string;
  name: string;
  priceMinor: number;
}

/** What to make up. */
export interface HistoryPlan {
  orders: number;
  /** Customers 1..customers; a fifth are active from the start, the rest join over the year. */
  customers: number;
  products: readonly HistoryProduct[];
  /** UTC milliseconds at which each business day starts, plus where the last one ends. */
  dayStarts: readonly number[];
  /** YYYYMMDD of each business day, for order numbers. */
  dayLabels: readonly string[];
}

/** One status an order reached, and when (UTC milliseconds). The first step is its placement. */
export interface StatusStep {
  status: string;
  at: number;
}

/** One made-up order with its lines, its status steps and possibly a rating. */
export interface HistoryOrder {
  id: number;
  number: string;
  customerId: number;
  channel: string;
  paymentMethod: string;
  dayIndex: number;
  placedAt: number;
  lines: Array<{ product: HistoryProduct; quantity: number }>;
  subtotalMinor: number;
  shippingMinor: number;
  /** Steps up to the end of the data; the last one is the order's status now. */
  steps: StatusStep[];
  rating: { score: number; at: number } | null;
}

const hour = 3_600_000;
const shares = { approval: 0.02, rejectedOfApproval: 0.1, cancelled: 0.04, deliveryFailed: 0.01, stuck: 0.001, rated: 0.08 };
const freeShippingFromMinor = 19_900;
const shippingMinor = 1_000;

type Weighted = ReadonlyArray<readonly [value: string, weight: number]>;
const channels: Weighted = [['telegram', 45], ['webchat', 25], ['api', 15], ['phone', 8], ['email', 3], ['slack', 2], ['in_store', 2]];
const paymentMethods: Weighted = [['online', 50], ['card', 25], ['cash_on_delivery', 20], ['bank_transfer', 5]];
const lineCounts: Weighted = [['1', 15], ['2', 20], ['3', 30], ['4', 20], ['5', 15]];
const quantities: Weighted = [['1', 70], ['2', 20], ['3', 10]];
const scores: Weighted = [['1', 4], ['2', 6], ['3', 15], ['4', 35], ['5', 40]];
// Statuses an order can stay in for good when nobody moves it on (the digest's stuck orders).
const stuckStatuses = ['confirmed', 'picking', 'packed', 'shipped'];

function pick(random: () => number, options: Weighted): string {
  const total = options.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [value, weight] of options) {
    draw -= weight;
    if (draw < 0) return value;
  }
  return options.at(-1)![0];
}

const between = (random: () => number, low: number, high: number) => low + random() * (high - low);

/** Index of the business day holding `at` (binary search over the day starts). */
function dayIndexOf(dayStarts: readonly number[], at: number): number {
  let low = 0;
  let high = dayStarts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (dayStarts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Every step an order would take, at the pace of a normal warehouse and carrier. */
function plannedSteps(random: () => number, placedAt: number): StatusStep[] {
  let at = placedAt;
  const steps: StatusStep[] = [];
  const stuckAt = random() < shares.stuck ? stuckStatuses[Math.floor(random() * stuckStatuses.length)] : undefined;
  // Appends a step some hours after the previous one; false once the order stops there.
  const next = (status: string, minHours: number, maxHours: number): boolean => {
    at += between(random, minHours, maxHours) * hour;
    steps.push({ status, at });
    return status !== stuckAt;
  };
  if (random() < shares.approval) {
    steps.push({ status: 'pending_approval', at });
    if (random() < shares.rejectedOfApproval) {
      next('rejected', 1, 8);
      return steps;
    }
    next('confirmed', 0.5, 8);
  } else {
    steps.push({ status: 'confirmed', at });
  }
  if (stuckAt === 'confirmed') return steps;
  if (random() < shares.cancelled) {
    next('cancelled', 0.1, 6);
  } else if (next('picking', 1, 8) && next('packed', 0.25, 3) && next('shipped', 2, 20)) {
    if (random() < shares.deliveryFailed) {
      next('delivery_failed', 24, 72);
      next('returned', 48, 120);
    } else {
      next('delivered', 20, 80);
    }
  }
  return steps;
}

function orderLines(random: () => number, products: readonly HistoryProduct[]): HistoryOrder['lines'] {
  const count = Math.min(products.length, Number(pick(random, lineCounts)));
  const chosen = new Set<HistoryProduct>();
  // Skewed towards the first products: a few best sellers, a long tail.
  while (chosen.size < count) chosen.add(products[Math.floor(products.length * random() ** 1.6)]!);
  return [...chosen].map((product) => ({ product, quantity: Number(pick(random, quantities)) }));
}

function rating(random: () => number, steps: readonly StatusStep[], end: number): HistoryOrder['rating'] {
  const delivered = steps.find((step) => step.status === 'delivered');
  if (!delivered || random() >= shares.rated) return null;
  const at = delivered.at + between(random, 24, 48) * hour;
  return at < end ? { score: Number(pick(random, scores)), at } : null;
}

/**
 * Order `index` (0-based) of the plan. Orders are spread evenly over the days, so they come out
 * in time order; the customer base grows over the year, so every day has new customers.
 */
export function historyOrder(plan: HistoryPlan, index: number, random: () => number): HistoryOrder {
  const start = plan.dayStarts[0]!;
  const end = plan.dayStarts.at(-1)!;
  const placedAt = Math.floor(start + ((index + random()) / plan.orders) * (end - start));
  const dayIndex = dayIndexOf(plan.dayStarts, placedAt);
  const activeCustomers = Math.ceil(plan.customers * (0.2 + (0.8 * (index + 1)) / plan.orders));
  const lines = orderLines(random, plan.products);
  const subtotalMinor = lines.reduce((sum, line) => sum + line.quantity * line.product.priceMinor, 0);
  const steps = plannedSteps(random, placedAt).filter((step) => step.at < end);
  return {
    id: index + 1,
    number: `SO-${plan.dayLabels[dayIndex]}-${String(index + 1).padStart(6, '0')}`,
    customerId: 1 + Math.floor(random() * activeCustomers),
    channel: pick(random, channels),
    paymentMethod: pick(random, paymentMethods),
    dayIndex,
    placedAt,
    lines,
    subtotalMinor,
    shippingMinor: subtotalMinor >= freeShippingFromMinor ? 0 : shippingMinor,
    steps,
    rating: rating(random, steps, end),
  };
}
