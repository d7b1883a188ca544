import { describe, expect, it } from 'vitest';
import type { StateMachine } from '../../core/shared/state-machine.ts';
import { countLifecycle, transferLifecycle } from '../../core/inventory/index.ts';
import { purchaseOrderLifecycle } from '../../core/procurement/index.ts';
import { returnLifecycle, ticketLifecycle } from '../../core/service/index.ts';
import { shipmentLifecycle } from '../../core/logistics/index.ts';
import { productionLifecycle } from '../../core/manufacturing/index.ts';

/** Every lifecycle with the transitions it must allow, written out: changing a table changes this test. */
const expected: Array<[StateMachine<string>, Record<string, string[]>]> = [
  [transferLifecycle, { reserved: ['in_transit', 'cancelled'], in_transit: ['received'], received: [], cancelled: [] }],
  [countLifecycle, { open: ['approved', 'cancelled'], approved: [], cancelled: [] }],
  [productionLifecycle, { draft: ['released', 'cancelled'], released: ['in_progress', 'cancelled'], in_progress: ['done'], done: [], cancelled: [] }],
  [purchaseOrderLifecycle, {
    draft: ['sent', 'cancelled'], sent: ['partially_received', 'received', 'cancelled'],
    partially_received: ['partially_received', 'received'], received: [], cancelled: [],
  }],
  [ticketLifecycle, { open: ['claimed', 'resolved'], claimed: ['resolved'], resolved: ['closed'], closed: [] }],
  [returnLifecycle, { requested: ['approved', 'rejected'], approved: ['received'], rejected: [], received: [] }],
  [shipmentLifecycle, {
    label_created: ['in_transit', 'out_for_delivery', 'delivered', 'failed'], in_transit: ['out_for_delivery', 'delivered', 'failed'],
    out_for_delivery: ['delivered', 'failed'], delivered: [], failed: ['in_transit', 'out_for_delivery', 'delivered', 'returned'], returned: [],
  }],
];

/** What `run` throws, as code and details, or null. */
function refusalOf(run: () => void): { code: string; details: unknown } | null {
  try {
    run();
    return null;
  } catch (error) {
    const { code, details } = error as { code: string; details: unknown };
    return { code, details };
  }
}

describe('document lifecycles', () => {
  for (const [machine, allowed] of expected) {
    it(`${machine.name}: every status has a row, and each of the ${machine.statuses.length ** 2} pairs is allowed exactly as written`, () => {
      expect(Object.keys(machine.transitions).sort()).toEqual([...machine.statuses].sort());
      for (const from of machine.statuses) {
        for (const to of machine.statuses) {
          const may = allowed[from]!.includes(to);
          expect(machine.can(from, to), `${from} → ${to}`).toBe(may);
          expect(refusalOf(() => machine.assert(from, to, 'X-1')), `${from} → ${to}`).toEqual(may ? null : { code: 'invalid_transition', details: { status: from, to } });
        }
        expect(machine.isFinal(from)).toBe(allowed[from]!.length === 0);
      }
    });
  }
});
