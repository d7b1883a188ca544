import { describe, expect, it } from 'vitest';
import { resolveCustomer, rememberAddress, savedAddresses } from '../../core/customers/index.ts';
import { startTestApp } from '../support/app.ts';
import { customerActor, systemActor } from '../../core/shared/actor.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';

describe('customers', () => {
  it('ten simultaneous first messages from one Telegram user make one customer', async () => {
    const app = await startTestApp();
    const customers = await Promise.all(Array.from({ length: 10 }, () => resolveCustomer(app.orm.em.fork(), 'telegram', '777001', { name: 'Wang Fang', locale: 'zh-CN' })));
    expect(new Set(customers.map((customer) => customer.id)).size).toBe(1);
    const [row] = await app.orm.em.getConnection().execute<{ n: string }[]>("select count(*) as n from customer_identity where channel = 'telegram' and external_id = '777001'");
    expect(Number(row!.n)).toBe(1);
    const other = await resolveCustomer(app.orm.em.fork(), 'webchat', '777001', { name: 'Someone else' });
    expect(other.id).not.toBe(customers[0]!.id);
  });

  it('remembers delivery addresses, most recent first, without duplicates', async () => {
    const app = await startTestApp();
    const customer = await resolveCustomer(app.orm.em.fork(), 'phone', '+8613900000000', { name: 'Zhang Wei' });
    await rememberAddress(app.orm.em.fork(), customer.id, { line1: '1 Road', city: 'Beijing', country: 'CN' });
    await rememberAddress(app.orm.em.fork(), customer.id, { line1: '2 Street', city: 'Shanghai', country: 'CN' });
    await rememberAddress(app.orm.em.fork(), customer.id, { line1: '1 Road', city: 'Beijing', country: 'CN' });
    expect((await savedAddresses(app.orm.em.fork(), customer.id)).map((address) => address.city)).toEqual(['Beijing', 'Shanghai']);
  });

  it('an order scoped to another customer is not found, and cannot be cancelled by them', async () => {
    const app = await startTestApp();
    const auth = { authorization: `Bearer ${await app.apiKey()}` };
    const { sku } = await productWithStock(app.orm, 5);
    const response = await fetch(`${app.url}/api/v1/orders`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'Idempotency-Key': 'scope-test-1' }, body: JSON.stringify(orderBody([{ sku, quantity: 1 }])) });
    const order = (await response.json()) as { number: string };
    const owner = (await app.core.orders.getOrder(order.number, systemActor)).customer.id;
    const stranger = await resolveCustomer(app.orm.em.fork(), 'telegram', 'stranger-1', { name: 'Stranger' });
    await expect(app.core.orders.getOrder(order.number, customerActor(stranger.id))).rejects.toMatchObject({ code: 'not_found' });
    await expect(app.core.orders.cancelOrder(order.number, customerActor(stranger.id))).rejects.toMatchObject({ code: 'not_found' });
    expect((await app.core.orders.getOrder(order.number, customerActor(owner))).status).toBe('confirmed');
  });
});
