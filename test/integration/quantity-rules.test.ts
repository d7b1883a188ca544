import { beforeAll, describe, expect, it } from 'vitest';
import { checkQuantity } from '../../core/catalog/index.ts';
import { systemActor } from '../../core/shared/actor.ts';
import { AuditEntry } from '../../core/shared/audit.entity.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, type TestApp } from '../support/app.ts';
import { modalSelect, modalText, startConsolePair } from '../support/console-pair.ts';
import type { SlackRequests } from '../support/slack-signer.ts';
import { eventually, type TestBackOffice } from '../support/back-office.ts';
import { TelegramCustomer } from '../support/telegram-customer.ts';

const secret = 'quantity-rules-webhook';
let office: TestBackOffice;
let app: TestApp;
let slack: SlackRequests;
let auth: Record<string, string>;
let keys = 0;
let sku: string;

beforeAll(async () => {
  ({ office, app, slack } = await startConsolePair({ DEFAULT_LOCALE: 'en' }, { telegramWebhookSecret: secret }));
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await app.core.staff.addStaff({ slackUserId: 'U0QTY', name: 'Wu Qing', role: 'agent' }, systemActor);
  ({ sku } = await productWithStock(app.orm, 500, { name: 'Tea tins, case of 12', category: 'cases' }));
});

/** The phone-order modal filled in, with these items. */
const values = (csv: string) => ({
  name: modalText('Zhang Wei'), phone: modalText('13911112222'), email: modalText(''), lines: modalText(csv), address: modalText('1 Chang\'an Ave'), city: modalText('Beijing'),
  channel: modalSelect('phone'), payment: modalSelect('bank_transfer'),
});

const place = (quantity: number) => request(`${app.url}/api/v1/orders`, { body: orderBody([{ sku, quantity }]), headers: { ...auth, 'Idempotency-Key': `qty-${process.pid}-${(keys += 1)}` } });

describe('case packs: the same quantity rule on every channel', () => {
  it('the rule, by hand: at least the minimum, in steps of the increment, at most the maximum; the nearest quantities either side', () => {
    const rule = { minimum: 12, increment: 12, maximum: 600 };
    expect(checkQuantity(30, rule)).toEqual({ ...rule, nearest: [24, 36] });
    expect(checkQuantity(5, rule)).toEqual({ ...rule, nearest: [null, 12] });
    expect(checkQuantity(700, rule)).toEqual({ ...rule, nearest: [600, null] });
    expect(checkQuantity(24, rule)).toBeNull();
  });

  it('over the API: a contradictory rule is refused; 30 of a 12-pack is 422 quantity_rule suggesting 24 or 36; 24 is placed', async () => {
    const bad = await request(`${app.url}/api/v1/products/${sku}/quantity-rule`, { method: 'PUT', body: { minimum: 10, increment: 12 }, headers: auth });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_input']);
    const set = await request(`${app.url}/api/v1/products/${sku}/quantity-rule`, { method: 'PUT', body: { minimum: 12, increment: 12 }, headers: auth });
    expect([set.status, set.body]).toEqual([200, { minimum: 12, increment: 12, maximum: null }]);
    expect((await app.orm.em.fork().find(AuditEntry, { action: 'product.quantity_rule', entityId: sku })).map((entry) => entry.after)).toEqual([{ quantityRule: { minimum: 12, increment: 12, maximum: null } }]);

    const refused = await place(30);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'quantity_rule', message: `${sku} is sold from 12 in steps of 12: 30 is not possible (24 or 36 are)` });
    expect(refused.body.error.details.lines).toEqual([{ sku, quantity: 30, minimum: 12, increment: 12, maximum: null, nearest: [24, 36] }]);
    expect((await place(24)).status).toBe(201);
  });

  it('in the chat: the product says it comes in cases and the cart moves a case at a time; a cart the rule no longer fits is refused politely at review', async () => {
    const { sku: tins } = await productWithStock(app.orm, 500, { name: 'Tea tins B, case of 12', category: 'cases' });
    await app.core.catalog.setQuantityRule(tins, { minimum: 12, increment: 12, maximum: null }, systemActor);
    const buyer = new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: office.telegram, chatId: 9_990_001, languageCode: 'en' });
    await buyer.send('/start');
    // A customer who proved their phone is not capped at 20 a line.
    await buyer.shareContact('+8613800138000');
    await buyer.press(/Products/);
    await buyer.press(/^cases \(/);
    await buyer.press(/Tea tins B/);
    expect(buyer.lastText()).toContain('📦 Sold in cases of 12 (at least 12): the cart adds a case at a time.');
    await buyer.press(/Add to cart/);
    expect(buyer.lastText()).toBe('Added Tea tins B, case of 12 to your cart (12 in cart).');
    await buyer.press(/Add to cart/);
    expect(buyer.lastText()).toBe('Added Tea tins B, case of 12 to your cart (24 in cart).');
    await buyer.press(/Cart/);
    await buyer.press(/^− Tea tins B/);
    expect(buyer.lastText()).toContain('Tea tins B, case of 12 × 12:');
    // Staff raise the minimum while the buyer checks out: the review says what would do.
    await app.core.catalog.setQuantityRule(tins, { minimum: 24, increment: 12, maximum: null }, systemActor);
    await buyer.press(/Check out/);
    await buyer.send('88 Huaihai Road, Shanghai, 200031');
    await buyer.send('138 0013 8000');
    await buyer.press(/Cash on delivery/);
    expect(buyer.lastText()).toBe(`${tins} is sold in packs of 12 (at least 24), so 12 is not possible. You could take 24: please change the quantity in your cart.`);
  });

  it('in Slack: a phone order of 30 gets the same answer under the lines field', async () => {
    await slack.command('U0QTY', '/neworder');
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes('new_order_modal')));
    const answer = await slack.submitView('U0QTY', 'new_order_modal', {
      name: modalText('Zhang Wei'), phone: modalText('13911112222'), email: modalText(''), lines: modalText(`${sku} 30`), address: modalText('1 Chang\'an Ave'), city: modalText('Beijing'),
      channel: modalSelect('phone'), payment: modalSelect('cash_on_delivery'),
    });
    expect(answer.body).toEqual({ response_action: 'errors', errors: { lines: `${sku} goes in packs of 12 (at least 12): 30 is not possible; 24 / 36 would be.` } });
  });

  it('in a bulk order (Slack /bulkorder and the REST CSV): the row is named with the same rule, nothing is placed; a right file is placed', async () => {
    await slack.command('U0QTY', '/bulkorder');
    await eventually('the modal', () => office.slack.callsTo('views.open').some((call) => JSON.stringify(call.params.view).includes('bulk_order_modal')));
    const refused = await slack.submitView('U0QTY', 'bulk_order_modal', values(`sku,quantity\n${sku},30`));
    expect(refused.body).toEqual({ response_action: 'errors', errors: { lines: `Row 2: ${sku} is sold from 12 in steps of 12; 30 is not possible (24 or 36 are)` } });
    const csv = await request(`${app.url}/api/v1/orders/validate`, { body: { csv: `sku,quantity\n${sku},30` }, headers: auth });
    expect([csv.status, csv.body.error.details.rows]).toEqual([422, [{ row: 2, code: 'quantity_rule', sku, nearest: [24, 36], message: `Row 2: ${sku} is sold from 12 in steps of 12; 30 is not possible (24 or 36 are)` }]]);
    const placed = await slack.submitView('U0QTY', 'bulk_order_modal', values(`sku,quantity,unit\n${sku},2,case`));
    expect(placed.status).toBe(200);
    await eventually('the order confirmed to the clerk', () => office.slack.posted.some((post) => post.channel === 'U0QTY' && post.text.startsWith('Order SO-')));
  });

  it('in the chat: /bulk with one item per line names each bad line in the customer\'s language and changes nothing; a right list becomes the cart', async () => {
    const { sku: loose } = await productWithStock(app.orm, 100, { name: 'Loose leaf' });
    const buyer = new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: office.telegram, chatId: 9_990_002, languageCode: 'en' });
    await buyer.send('/start');
    await buyer.send(`/bulk\n${loose} 3\nNO-SUCH 2\n${sku} x 30`);
    expect(buyer.lastText()).toBe([
      'Nothing was added: please correct these lines and send the list again.',
      'Line 2: we have no product NO-SUCH for sale.',
      `Line 3: ${sku} comes in case packs; 24 / 36 would be possible.`,
    ].join('\n'));
    await buyer.send(`/bulk\n${loose} 3\n${sku} × 24`);
    const screens = buyer.texts().slice(-2);
    expect(screens[0]).toBe('All 2 lines are fine: your cart now holds them.');
    expect(screens[1]).toContain('Loose leaf × 3');
    expect(screens[1]).toContain('Tea tins, case of 12 × 24');
  });

  it('in Telegram: a CSV file sent in the chat is read like /bulk (a bad row named, a file not in UTF-8 refused politely)', async () => {
    const { sku: leaf } = await productWithStock(app.orm, 100, { name: 'Green leaf' });
    const buyer = new TelegramCustomer({ webhookUrl: `${app.url}/telegram/webhook`, secret, fake: office.telegram, chatId: 9_990_003, languageCode: 'en' });
    await buyer.send('/start');
    const bad = office.telegram.addFile(Buffer.from(`sku,quantity\n${leaf},2\n${sku},30\n`));
    await buyer.sendDocument(bad.fileId, 'order.csv', bad.size);
    expect(buyer.lastText()).toBe(`Nothing was added: please correct these lines and send the list again.\nLine 3: ${sku} comes in case packs; 24 / 36 would be possible.`);
    const latin1 = office.telegram.addFile(Buffer.concat([Buffer.from('sku,quantity\nCAF'), Buffer.from([0xe9]), Buffer.from(',1\n')]));
    await buyer.sendDocument(latin1.fileId, 'order.csv', latin1.size);
    expect(buyer.lastText()).toBe('That file is not UTF-8 text: save it as "CSV UTF-8" and send it again.');
    const good = office.telegram.addFile(Buffer.from(`\uFEFFsku;quantity\n${leaf};2\n${sku};24\n`));
    await buyer.sendDocument(good.fileId, 'order.csv', good.size);
    expect(buyer.texts().slice(-2)[0]).toBe('All 2 lines are fine: your cart now holds them.');
  });
});
