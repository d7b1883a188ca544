import { AppError } from '../shared/errors.ts';
import type { ActorType } from '../shared/actor.ts';
import type { Permission } from '../shared/authorization.ts';

export const orderStatuses = [
  'pending_approval', 'credit_hold', 'confirmed', 'rejected', 'picking', 'packed', 'partially_shipped', 'shipped',
  'delivered', 'delivery_failed', 'completed', 'cancelled', 'return_requested', 'returned',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Who may make a transition, and whether they must say why. */
interface TransitionRule {
  actors: readonly ActorType[];
  reasonRequired?: boolean;
}

const anyone: readonly ActorType[] = ['customer', 'staff', 'api_key', 'system'];
const back: readonly ActorType[] = ['staff', 'api_key', 'system'];
const staffOnly: readonly ActorType[] = ['staff'];

/**
 * The order lifecycle as data: `transitions[from][to]` exists when the change is allowed.
 * Customers may cancel until the order is packed; staff, API clients and jobs until it ships
 * (a packed order needs a reason). An order of services alone is completed without shipping.
 */
export const transitions: Readonly<Record<OrderStatus, Partial<Record<OrderStatus, TransitionRule>>>> = {
  pending_approval: {
    // Managers in Slack, or a key with `orders:approve` when the shop does not use Slack.
    confirmed: { actors: back },
    rejected: { actors: back, reasonRequired: true },
    cancelled: { actors: anyone },
  },
  // The account was over its credit limit (or overdue): a payment or a limit raise releases it
  // (system), a member of staff with the `credit` role may override; it expires if nothing does.
  credit_hold: {
    confirmed: { actors: ['staff', 'system'] },
    pending_approval: { actors: ['staff', 'system'] },
    cancelled: { actors: anyone },
  },
  confirmed: {
    picking: { actors: back },
    cancelled: { actors: anyone },
    completed: { actors: back },
  },
  picking: {
    packed: { actors: back },
    cancelled: { actors: anyone },
  },
  packed: {
    shipped: { actors: back },
    // A round left with what was reserved; backordered units follow in a later one.
    partially_shipped: { actors: back },
    picking: { actors: back },
    cancelled: { actors: back, reasonRequired: true },
  },
  partially_shipped: {
    // Backordered units arrived and are picked, or what still waited was cancelled.
    picking: { actors: back },
    shipped: { actors: back },
  },
  shipped: {
    delivered: { actors: back },
    delivery_failed: { actors: back },
    // The last delivery attempt failed: the parcel goes back to the shop.
    returned: { actors: back },
  },
  delivery_failed: {
    shipped: { actors: back },
    returned: { actors: back },
  },
  delivered: {
    completed: { actors: back },
    return_requested: { actors: anyone },
  },
  completed: {
    return_requested: { actors: anyone },
  },
  return_requested: {
    returned: { actors: back },
    completed: { actors: staffOnly, reasonRequired: true },
  },
  rejected: {},
  cancelled: {},
  returned: {},
};

/** The reason of an order rejected because nobody approved it in time (the customer is told so in their language). */
export const approvalTimeoutReason = 'approval_timeout';

/** The reason of an order cancelled because its credit hold was not released in time. */
export const creditHoldExpiredReason = 'credit_hold_expired';

/** Statuses in which the order's stock is still reserved (not yet shipped, not released). */
export const reservingStatuses: ReadonlySet<OrderStatus> = new Set(['pending_approval', 'credit_hold', 'confirmed', 'picking', 'packed', 'partially_shipped']);

/** Statuses with no way out. */
export function isTerminal(status: OrderStatus): boolean {
  return Object.keys(transitions[status]).length === 0;
}

/** The pure decision: may `actor` move an order from `from` to `to` (with or without a reason)? */
export function checkTransition(from: OrderStatus, to: OrderStatus, actor: ActorType, reason?: string): AppError | null {
  const rule = transitions[from][to];
  if (!rule) {
    return new AppError('invalid_transition', `An order that is ${from} cannot become ${to}`, { from, to });
  }
  if (!rule.actors.includes(actor)) {
    return new AppError('forbidden', `A ${actor} may not move an order from ${from} to ${to}`, { from, to, actor });
  }
  if (rule.reasonRequired && !reason?.trim()) {
    return new AppError('rule_violation', `Moving an order from ${from} to ${to} needs a reason`, { from, to });
  }
  return null;
}

/**
 * The permission a status change needs (`core/shared/authorization.ts`), on top of the actor
 * types of the transition table: approving is a manager's call, fulfilment steps need the
 * fulfilment scope, and so on.
 */
export function transitionPermission(from: OrderStatus, to: OrderStatus): Permission {
  if (to === 'cancelled') return 'order.cancel';
  if (from === 'pending_approval') return 'order.approve';
  if (from === 'credit_hold') return 'credit.release';
  if (to === 'return_requested') return 'order.return';
  if (from === 'return_requested') return to === 'returned' ? 'return.receive' : 'return.decide';
  return 'order.fulfil';
}
