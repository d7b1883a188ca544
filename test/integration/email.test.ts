import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../core/shared/actor.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { SimulatedCarrier } from '../../bots/carriers/simulated.carrier.ts';
import { orderBody, productWithStock } from '../factories/catalog.ts';
import { request, startTestApp, type TestApp } from '../support/app.ts';
import { eventually, startTestBackOffice, type TestBackOffice } from '../support/back-office.ts';
import { FakeSmtpServer } from '../fakes/smtp-server.ts';
import { closeAfterAll } from '../support/context.ts';

const admin: Actor = { type: 'staff', id: 'U0ADMIN', role: 'admin' };
const picker: Actor = { type: 'staff', id: 'U0PICK', role: 'agent' };
const smtp = new FakeSmtpServer();
let env: Record<string, string>;
let office: TestBackOffice;
let app: TestApp;
let auth: Record<string, string>;
const carriers = new Map([['SIM', new SimulatedCarrier(systemClock)]]);

beforeAll(async () => {
  env = { SMTP_URL: await smtp.start(), MAIL_FROM: 'Tea House <orders@tea.example>', DEFAULT_LOCALE: 'en' };
  closeAfterAll(() => smtp.stop());
  office = await startTestBackOffice(env, { carriers });
  app = await startTestApp({ carriers, env });
  auth = { authorization: `Bearer ${await app.apiKey()}` };
  await app.core.logistics.saveCarrier({
    code: 'SIM', name: 'Simulated Express', nameZh: '模拟快递',
    services: [{ code: 'standard', name: 'standard', nameZh: '标准', transitDays: 1, supportsCod: true, regions: ['*'], weightBands: [{ maxGrams: 30_000, priceMinor: 1200 }] }],
  }, admin);
});

const db = () => app.orm.em.fork().getConnection();
const subjects = (address: string) => smtp.to(address).map((mail) => mail.subject ?? '');
let keys = 0;
const placeByApi = (sku: string, customer: Record<string, string>) =>
  request(`${app.url}/api/v1/orders`, { body: orderBody([{ sku, quantity: 1 }], customer), headers: { ...auth, 'Idempotency-Key': `email-${process.pid}-${(keys += 1)}` } });

describe('e-mail for customers without a chat', () => {
  it('a REST order with an e-mail address gets one confirmation, one shipping and one delivery e-mail (plain and HTML), also across a worker restart', async () => {
    const { sku } = await productWithStock(app.orm, 5, { name: 'Jasmine tea <finest>', priceMinor: 4200 });
    const address = `li.${process.pid}@example.com`;
    const placed = await placeByApi(sku, { email: address, name: 'Li Lei', locale: 'en' });
    expect(placed.status).toBe(201);
    const number = placed.body.number as string;
    await eventually('the confirmation', () => subjects(address).length === 1);
    const [confirmation] = smtp.to(address);
    expect(confirmation!.subject).toBe(`Order ${number} is confirmed. Thank you!`);
    expect(confirmation!.from?.text).toBe('"Tea House" <orders@tea.example>');
    expect(confirmation!.text).toContain('Jasmine tea <finest> × 1');
    expect(confirmation!.html).toContain('Jasmine tea &#60;finest&#62; × 1');

    // The worker stops; the order ships meanwhile (its events wait in the outbox); another worker starts.
    await office.stop();
    const list = await app.core.fulfilment.createPickList({ orders: [number], actor: picker });
    await app.core.fulfilment.scan(list.pickList.number, { barcode: sku }, picker);
    const shipped = await app.core.logistics.shipOrder(number, picker);
    office = await startTestBackOffice(env, { carriers, telegram: office.telegram, slack: office.slack });
    await eventually('the shipping e-mail', () => subjects(address).includes(`Order ${number} is on its way.`));
    await app.core.logistics.applyCarrierEvents('SIM', [{ id: `${shipped.trackingNumber}-done`, trackingNumber: shipped.trackingNumber, status: 'delivered', occurredAt: new Date() }]);
    await eventually('the delivery e-mail', () => subjects(address).some((subject) => subject.includes('was delivered')));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(subjects(address)).toEqual([`Order ${number} is confirmed. Thank you!`, `Order ${number} is on its way.`, `Order ${number} was delivered. Enjoy!`]);
    expect(smtp.to(address)[1]!.text).toContain(shipped.trackingNumber);
  });

  it('a bad address is recorded as failed and not tried again', async () => {
    const { sku } = await productWithStock(app.orm, 5, { name: 'Oolong' });
    const placed = await placeByApi(sku, { email: `bounce.${process.pid}@example.com`, name: 'Nobody' });
    expect(placed.status).toBe(201);
    await eventually('the failure recorded', async () => (await db().execute(`select 1 from notification where channel = 'email' and recipient = ? and status = 'failed'`, [`bounce.${process.pid}@example.com`])).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [row] = await db().execute<Array<{ attempts: number; last_error: string }>>(`select attempts, last_error from notification where channel = 'email' and recipient = ?`, [`bounce.${process.pid}@example.com`]);
    expect(row!.attempts).toBe(1);
    expect(row!.last_error).toContain('550');
  });
});

describe('purchase orders to suppliers', () => {
  it('a purchase order marked sent is e-mailed to the supplier with its lines as a table and a CSV attachment', async () => {
    const { sku } = await productWithStock(app.orm, 0, { name: 'Tea cup, "white"' });
    const supplier = `pottery.${process.pid}@example.com`;
    await app.core.procurement.createSupplier({ code: `POT${process.pid % 1000}`, name: 'Yixing Pottery', email: supplier }, admin);
    const po = await app.core.procurement.createPurchaseOrder({ supplier: `POT${process.pid % 1000}`, lines: [{ sku, quantity: 24 }], actor: admin });
    await app.core.procurement.changeStatus(po.number, 'sent', systemActor);
    await eventually('the supplier e-mail', () => smtp.to(supplier).length === 1);
    const [mail] = smtp.to(supplier);
    expect(mail!.subject).toBe(`Purchase order ${po.number}`);
    expect(mail!.text).toContain(`• ${sku} Tea cup, "white" × 24`);
    expect(mail!.html).toMatch(/<table[^>]*>[\s\S]*Tea cup, &#34;white&#34;[\s\S]*>24<\/td>/);
    expect(mail!.attachments.map((file) => [file.filename, file.contentType])).toEqual([[`${po.number}.csv`, 'text/csv']]);
    expect(mail!.attachments[0]!.content.toString('utf8')).toBe(`sku,name,quantity\r\n${sku},"Tea cup, ""white""",24\r\n`);
  });
});
