import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium, type Page } from 'playwright-core';
import { Order } from '../../core/orders/index.ts';
import { productWithStock } from '../factories/catalog.ts';
import { request, startTestApp } from '../support/app.ts';
import { FakeStripeApi } from '../fakes/stripe-api.ts';
import { startTestBackOffice } from '../support/back-office.ts';
import { closeAfterAll } from '../support/context.ts';
import { repoRoot } from '../support/process.ts';

const artifacts = join(repoRoot, 'test', 'artifacts');

async function click(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).last().click();
}

async function waitForText(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('log').getByText(text).last().waitFor({ timeout: 10_000 });
}

describe('web chat in headless Chromium', () => {
  it('a visitor places an order by clicking through, and the confirmation arrives on the open page', async () => {
    const stripe = new FakeStripeApi();
    await stripe.start();
    closeAfterAll(() => stripe.stop());
    const office = await startTestBackOffice();
    const app = await startTestApp({ env: { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url } });
    await productWithStock(app.orm, 20, { name: 'Jasmine tea', nameZh: '茉莉花茶', priceMinor: 5800, category: 'tea' });

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    closeAfterAll(() => browser.close());
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    await page.goto(`${app.url}/chat`);

    await waitForText(page, /Hello Web customer!/);
    expect(await page.getByLabel('Your message').isVisible()).toBe(true);
    await click(page, /Products/);
    await click(page, /^tea \(/i);
    await click(page, /Jasmine tea/);
    await waitForText(page, /Price: CN¥58\.00/);
    await click(page, /Add to cart/);
    await click(page, /Check out/);
    await waitForText(page, /Please write the delivery address/);
    await page.getByLabel('Your message').fill('5 Century Avenue, Shanghai');
    await page.keyboard.press('Enter');
    await waitForText(page, /Which phone number/);
    await page.getByLabel('Your message').fill('13900139000');
    await page.getByRole('button', { name: 'Send' }).click();
    await click(page, /Online payment/);
    await waitForText(page, /Total: CN¥68\.00/);
    await click(page, /Confirm order/);
    await waitForText(page, /Order SO-\d{8}-\d{6} is placed/);
    await waitForText(page, /Order SO-\d{8}-\d{6} is confirmed/);
    // The payment page is a link on the page; paying it (the provider's signed webhook) is told on the page too.
    const [session] = stripe.sessions();
    expect(await page.getByRole('link', { name: session!.url }).last().getAttribute('href')).toBe(session!.url);
    const paid = stripe.signedDelivery(stripe.pay(session!.id));
    expect((await request(`${app.url}/payments/stripe/webhook`, { rawBody: paid.body, headers: { 'content-type': 'application/json', 'stripe-signature': paid.signature } })).status).toBe(200);
    await waitForText(page, /Payment of CN¥68\.00 for order SO-\d{8}-\d{6} received/);

    mkdirSync(artifacts, { recursive: true });
    const screenshot = join(artifacts, 'webchat-order.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(existsSync(screenshot)).toBe(true);

    const orders = await app.orm.em.fork().find(Order, { channel: 'webchat' });
    expect(orders.map((order) => [order.totalMinor, order.paymentMethod, order.shippingAddress?.city])).toEqual([[6800, 'online', 'Shanghai']]);
    expect(orders[0]!.paymentStatus).toBe('paid');

    // The transcript is kept: a reload shows the whole conversation again.
    await page.reload();
    await waitForText(page, /Order SO-\d{8}-\d{6} is confirmed/);
    expect(office.telegram.calls).toHaveLength(0);
  }, 60_000);
});
