import { beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../core/service/index.ts';
import { customerActor } from '../../core/shared/actor.ts';
import { encodeCallback } from '../../bots/conversation/callback-data.ts';
import { productWithStock } from '../factories/catalog.ts';
import { chatOrder } from '../factories/orders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let update = 0;

beforeAll(async () => {
  app = await startTestApp();
});

const handle = (chatId: string, input: { kind: 'text'; text: string } | { kind: 'button'; data: string }) =>
  app.chat.engine.handle({ channel: 'telegram', chatId, updateKey: `ownership-${(update += 1)}`, input, profile: { name: `Customer ${chatId}`, languageCode: 'en' } });

describe('a customer reaches only their own orders', () => {
  it('a complaint about someone else\'s order (a forged order button) is refused as "not found", and no ticket opens', async () => {
    const { sku } = await productWithStock(app.orm, 10);
    const { order } = await chatOrder(app.core, { sku, chatId: '7710001' });
    const tickets = () => app.orm.em.fork().count(Ticket, {});
    const before = await tickets();

    // B starts a complaint, then presses a button naming A's order (sequential numbers are easy to guess).
    await handle('7710002', { kind: 'text', text: '/complain' });
    await handle('7710002', { kind: 'button', data: encodeCallback({ a: 'cpo', o: order.number }) });
    await handle('7710002', { kind: 'button', data: encodeCallback({ a: 'cpk', k: 'complaint' }) });
    const replies = await handle('7710002', { kind: 'text', text: 'This is not my parcel' });
    expect(replies![0]!.text).toBe('I could not find that. Please check and try again.');
    expect(await tickets()).toBe(before);

    // The same refusal in core, whatever the front end.
    const stranger = await app.core.customers.resolve({ channel: 'telegram', externalId: '7710002' }, { name: 'B' });
    await expect(app.core.support.openTicket({ kind: 'complaint', description: 'x', channel: 'telegram', orderNumber: order.number, actor: customerActor(stranger.id) }))
      .rejects.toMatchObject({ code: 'not_found' });
    // A's own complaint about it opens.
    await handle('7710001', { kind: 'text', text: '/complain' });
    await handle('7710001', { kind: 'button', data: encodeCallback({ a: 'cpo', o: order.number }) });
    await handle('7710001', { kind: 'button', data: encodeCallback({ a: 'cpk', k: 'complaint' }) });
    expect((await handle('7710001', { kind: 'text', text: 'Box dented' }))![0]!.text).toMatch(/ticket number is T-\d{6}/);
    expect(await tickets()).toBe(before + 1);
  });
});
