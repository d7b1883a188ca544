import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/shared/clock.ts';
import { startTestApp } from '../support/app.ts';
import { productWithStock, shanghai } from '../factories/catalog.ts';
import type { PlaceOrderInput } from '../../core/orders/index.ts';
import { customerActor } from '../../core/shared/actor.ts';

describe('orders on an injected clock', () => {
  it('dates order numbers in the business time zone and flags duplicates only within 10 minutes', async () => {
    // 16:30 UTC on 21 November is already 22 November in Shanghai.
    const clock = fixedClock(new Date('2026-11-21T16:30:00Z'));
    const app = await startTestApp({ clock, env: { REPORT_TIMEZONE: 'Asia/Shanghai' } });
    const { sku } = await productWithStock(app.orm, 10);
    const customer = await app.core.customers.resolve({ channel: 'telegram', externalId: '424242' }, { name: 'Chen Jing' });
    const input: PlaceOrderInput = {
      channel: 'telegram', identity: { channel: 'telegram', externalId: '424242' }, contact: { name: 'Chen Jing' },
      lines: [{ sku, quantity: 1 }], shippingAddress: shanghai, paymentMethod: 'cash_on_delivery', actor: customerActor(customer.id),
    };
    const first = await app.core.orders.placeOrder(input);
    expect(first.order.number).toMatch(/^SO-20261122-\d{6}$/);
    expect(first.order.placedAt).toBe('2026-11-21T16:30:00.000Z');

    clock.advance(9 * 60_000);
    expect((await app.core.orders.placeOrder(input)).order.flags).toEqual(['possible_duplicate']);
    clock.advance(11 * 60_000);
    expect((await app.core.orders.placeOrder(input)).order.flags).toEqual([]);
  });
});
