import { describe, expect, it } from 'vitest';
import { checkTransition, isTerminal, orderStatuses, transitions, type OrderStatus } from '../../core/orders/index.ts';

/** The intended lifecycle, written independently of the table so that a change to either shows up. */
const allowed: Record<OrderStatus, OrderStatus[]> = {
  pending_approval: ['confirmed', 'rejected', 'cancelled'],
  credit_hold: ['confirmed', 'pending_approval', 'cancelled'],
  confirmed: ['picking', 'cancelled', 'completed'],
  picking: ['packed', 'cancelled'],
  packed: ['shipped', 'partially_shipped', 'picking', 'cancelled'],
  partially_shipped: ['picking', 'shipped'],
  shipped: ['delivered', 'delivery_failed', 'returned'],
  delivery_failed: ['shipped', 'returned'],
  delivered: ['completed', 'return_requested'],
  completed: ['return_requested'],
  return_requested: ['returned', 'completed'],
  rejected: [],
  cancelled: [],
  returned: [],
};

describe('order state machine', () => {
  const pairs = orderStatuses.flatMap((from) => orderStatuses.map((to) => [from, to] as const));

  it.each(pairs)('%s -> %s follows the transition table', (from, to) => {
    const error = checkTransition(from, to, 'staff', 'a reason');
    expect(error?.code ?? 'allowed').toBe(allowed[from].includes(to) ? 'allowed' : 'invalid_transition');
  });

  it('covers all 196 pairs and the table has no state outside the list', () => {
    expect(pairs).toHaveLength(196);
    expect(Object.keys(transitions).sort()).toEqual([...orderStatuses].sort());
  });

  it('customers may cancel until the order is packed; staff and API clients until it ships', () => {
    expect(checkTransition('pending_approval', 'cancelled', 'customer')).toBeNull();
    expect(checkTransition('confirmed', 'cancelled', 'customer')).toBeNull();
    expect(checkTransition('picking', 'cancelled', 'customer')).toBeNull();
    expect(checkTransition('picking', 'cancelled', 'api_key')).toBeNull();
    expect(checkTransition('packed', 'cancelled', 'customer')?.code).toBe('forbidden');
    expect(checkTransition('packed', 'cancelled', 'api_key', 'customer called')).toBeNull();
    expect(checkTransition('shipped', 'cancelled', 'staff', 'too late')?.code).toBe('invalid_transition');
  });

  it('cancelling a packed order and every rejection need a reason', () => {
    expect(checkTransition('packed', 'cancelled', 'staff')?.code).toBe('rule_violation');
    expect(checkTransition('packed', 'cancelled', 'api_key')?.code).toBe('rule_violation');
    expect(checkTransition('packed', 'cancelled', 'staff', 'customer called')).toBeNull();
    expect(checkTransition('pending_approval', 'rejected', 'staff', '  ')?.code).toBe('rule_violation');
  });

  it('customers never approve; staff, API keys (with orders:approve, checked in core) and the system may', () => {
    expect(checkTransition('pending_approval', 'confirmed', 'customer')?.code).toBe('forbidden');
    expect(checkTransition('pending_approval', 'confirmed', 'api_key')).toBeNull();
    expect(checkTransition('pending_approval', 'rejected', 'api_key', 'a reason')).toBeNull();
  });

  it('rejected, cancelled and returned are terminal', () => {
    expect(orderStatuses.filter(isTerminal)).toEqual(['rejected', 'cancelled', 'returned']);
  });
});
