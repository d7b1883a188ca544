import { describe, expect, it } from 'vitest';
import { isAppError } from '../../core/shared/errors.ts';
import type { Actor } from '../../core/shared/actor.ts';
import { createCoreServices } from '../../core/services.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { testConfig, testOrm } from '../support/app.ts';

const seconds = 30;
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const staff: Actor = { type: 'staff', id: 'U0SOAK', role: 'agent' };
const approver: Actor = { type: 'staff', id: 'U0APPROVER', role: 'manager' };
/** Refusals the rules allow under contention; anything else is a bug. */
const expected = new Set(['insufficient_stock', 'invalid_transition', 'rule_violation', 'concurrent_update']);

describe('inventory under concurrent load', () => {
  it(`orders, cancellations, shipments, transfers, receipts and count approvals on the same SKUs for ${seconds} s keep every invariant`, async () => {
    const orm = await testOrm(30);
    const core = createCoreServices(orm, testConfig());
    const { inventory } = core;
    await inventory.createWarehouse({ code: 'SOAK2', name: 'Second' }, approver);
    const skus = [(await productWithStock(orm, 200)).sku, (await productWithStock(orm, 200)).sku, (await productWithStock(orm, 200)).sku];
    const orders: string[] = [];
    const transfers: string[] = [];
    const done: Record<string, number> = {};
    const unexpected: unknown[] = [];
    let customer = 0;

    const operations: Record<string, () => Promise<unknown>> = {
      order: async () => {
        const { order } = await core.orders.placeOrder({
          channel: 'api', identity: { channel: 'api', externalId: `soak-${(customer += 1) % 50}` }, contact: { name: 'Soak' },
          lines: [{ sku: pick(skus), quantity: 1 + Math.floor(Math.random() * 3) }, { sku: pick(skus), quantity: 1 }],
          shippingAddress: shanghai, paymentMethod: 'cash_on_delivery', actor: { type: 'system' },
        });
        orders.push(order.number);
      },
      cancel: () => core.orders.cancelOrder(pick(orders), staff, 'soak'),
      ship: async () => {
        const number = pick(orders);
        for (const to of ['picking', 'packed', 'shipped'] as const) await core.orders.changeStatus({ number, to, actor: staff });
      },
      transfer: async () => {
        const created = await inventory.createTransfer({ from: 'MAIN', to: 'SOAK2', lines: [{ sku: pick(skus), quantity: 1 + Math.floor(Math.random() * 5) }], actor: staff });
        transfers.push(created.number);
      },
      moveTransfer: async () => {
        const number = pick(transfers);
        await (Math.random() < 0.3 ? inventory.cancelTransfer(number, staff) : inventory.shipTransfer(number, staff).then(() => inventory.receiveTransfer(number, staff)));
      },
      receipt: () => inventory.receiveStock({ warehouse: pick(['MAIN', 'SOAK2']), lines: [{ sku: pick(skus), quantity: 1 + Math.floor(Math.random() * 10) }], reference: 'soak', actor: staff }),
      count: async () => {
        const opened = await inventory.openCount({ warehouse: 'MAIN', skus: [pick(skus)], actor: staff });
        const line = opened.lines[0]!;
        await inventory.recordCounted(opened.id, [{ sku: line.sku, counted: Math.max(0, line.expected + Math.floor(Math.random() * 5) - 2) }], staff);
        await inventory.approveCount(opened.id, approver);
      },
    };
    const names = Object.keys(operations);
    const deadline = Date.now() + seconds * 1000;
    const worker = async () => {
      while (Date.now() < deadline) {
        let name = pick(names);
        if (orders.length === 0) name = 'order';
        else if (name === 'moveTransfer' && transfers.length === 0) name = 'transfer';
        try {
          await operations[name]!();
          done[name] = (done[name] ?? 0) + 1;
        } catch (error) {
          if (!isAppError(error) || !expected.has(error.code)) unexpected.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));

    expect(unexpected.map(String).slice(0, 5)).toEqual([]);
    for (const name of names) expect(done[name] ?? 0, `${name} never succeeded`).toBeGreaterThan(0);
    // Every stock level equals its ledger, and reserved equals the open orders and unshipped transfers.
    expect(await inventory.integrityMismatches(staff)).toEqual([]);
    const [bounds] = await orm.em.getConnection().execute<Array<{ bad: string }>>('select count(*) as bad from stock_level where reserved < 0 or reserved > on_hand');
    expect(Number(bounds!.bad)).toBe(0);
  }, (seconds + 60) * 1000);
});
