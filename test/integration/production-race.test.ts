import { describe, expect, it } from 'vitest';
import { isAppError } from '../../core/shared/errors.ts';
import type { Actor } from '../../core/shared/actor.ts';
import { createCoreServices } from '../../core/services.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import { testConfig, testOrm } from '../support/app.ts';

const planner: Actor = { type: 'staff', id: 'U0PLANNER', role: 'production' };
const manager: Actor = { type: 'staff', id: 'U0MANAGER', role: 'manager' };
const rounds = 5;

describe('production orders and sales orders racing for one component', () => {
  it(`${rounds} rounds of 10 releases needing 600 g and 10 orders of 100 g on 1,000 g: never more reserved than there is, no deadlock reaches a caller`, async () => {
    const orm = await testOrm(25);
    const core = createCoreServices(orm, testConfig());
    for (let round = 0; round < rounds; round += 1) {
      const tea = (await productWithStock(orm, 1000)).sku;
      const box = (await productWithStock(orm, 1000)).sku;
      const gift = (await productWithStock(orm, 0)).sku;
      // The sales orders take the tea and a box; the MOs need both too, so both lock the same two rows.
      const bom = await core.manufacturing.createBom({ sku: gift, outputQuantity: 1, lines: [{ sku: tea, quantity: 600 }, { sku: box, quantity: 1 }] }, manager);
      await core.manufacturing.activateBom(bom.id, manager);
      const drafts = [];
      for (let index = 0; index < 10; index += 1) drafts.push((await core.manufacturing.createProductionOrder({ sku: gift, quantity: 1 }, planner)).number);

      const outcomes = await Promise.allSettled([
        ...drafts.map((number) => core.manufacturing.releaseProductionOrder(number, planner).then(() => 600)),
        ...Array.from({ length: 10 }, (_unused, index) => core.orders.placeOrder({
          channel: 'api', identity: { channel: 'api', externalId: `race-${round}-${index}` }, contact: { name: 'Race' },
          lines: index % 2 === 0 ? [{ sku: tea, quantity: 100 }, { sku: box, quantity: 1 }] : [{ sku: box, quantity: 1 }, { sku: tea, quantity: 100 }],
          shippingAddress: shanghai, paymentMethod: 'cash_on_delivery', actor: { type: 'system' },
        }).then(() => 100)),
      ]);
      const unexpected = outcomes.flatMap((outcome) => (outcome.status === 'rejected' && !(isAppError(outcome.reason) && outcome.reason.code === 'insufficient_stock') ? [String(outcome.reason)] : []));
      expect(unexpected).toEqual([]);
      const reserved = outcomes.reduce((sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value : 0), 0);
      expect(reserved).toBeGreaterThan(0);
      expect(reserved).toBeLessThanOrEqual(1000);
      const [level] = await orm.em.fork().getConnection().execute<Array<{ on_hand: number; reserved: number }>>(
        `select s.on_hand, s.reserved from stock_level s join product p on p.id = s.product_id where p.sku = ?`, [tea],
      );
      expect(level).toEqual({ on_hand: 1000, reserved });
    }
    expect(await core.inventory.integrityMismatches(manager)).toEqual([]);
    await orm.close();
  }, 120_000);
});
